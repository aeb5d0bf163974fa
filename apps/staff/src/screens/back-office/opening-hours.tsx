import type { components } from '@loyalty/api-clients/admin';
import { Field } from '../../../../shared/ui.js';
import type { FieldErrors } from './form-parts.js';

export type OpeningPeriod = components['schemas']['Store']['openingHours'][number];

/** The API's day numbers: 0 is Monday. */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A time input cannot show 24:00: closing at midnight is entered as 00:00 and sent as the end of the day. */
const toApiCloses = (closes: string) => (closes === '00:00' ? '24:00' : closes);
const toInputCloses = (closes: string) => (closes === '24:00' ? '00:00' : closes);

export function openingHoursForApi(periods: OpeningPeriod[]): OpeningPeriod[] {
  return periods.map((period) => ({ ...period, closes: toApiCloses(period.closes) }));
}

/** Opening periods per weekday, in the store's local time; a day with none is closed. */
export function OpeningHoursEditor({
  periods,
  onChange,
  errors,
}: {
  periods: OpeningPeriod[];
  onChange: (periods: OpeningPeriod[]) => void;
  errors: FieldErrors;
}) {
  const change = (index: number, patch: Partial<OpeningPeriod>) => onChange(periods.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  return (
    <fieldset>
      <legend>Opening hours</legend>
      <p className="muted">In the store's time zone. A day with no hours is closed.</p>
      {WEEKDAYS.map((weekday, day) => (
        <fieldset key={weekday} className="weekday">
          <legend>{weekday}</legend>
          {periods.every((p) => p.day !== day) && <span className="muted"> closed</span>}
          {periods.map((period, index) =>
            period.day === day ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: a period has no identity of its own; its place in the list is it.
              <div key={index} className="inline period">
                <Field
                  label={`${weekday} opens`}
                  type="time"
                  required
                  value={period.opens}
                  error={errors[`openingHours.${index}.opens`]}
                  onChange={(e) => change(index, { opens: e.target.value })}
                />
                <Field
                  label={`${weekday} closes`}
                  type="time"
                  required
                  value={toInputCloses(period.closes)}
                  error={errors[`openingHours.${index}.closes`] ?? errors[`openingHours.${index}`]}
                  onChange={(e) => change(index, { closes: e.target.value })}
                />
                <button type="button" className="secondary" onClick={() => onChange(periods.filter((_, i) => i !== index))}>
                  Remove {weekday} {period.opens}
                </button>
              </div>
            ) : null,
          )}
          <button type="button" className="secondary" onClick={() => onChange([...periods, { day, opens: '09:00', closes: '17:00' }])}>
            Add hours on {weekday}
          </button>
        </fieldset>
      ))}
      {errors.openingHours && <p className="error">{errors.openingHours}</p>}
    </fieldset>
  );
}
