import { pointsRules, stampRules, type PointsRules, type StampRules } from '@loyalty/db/program-rules';
import { Field } from '../../../../shared/ui.js';
import { numberOr, SelectField, type FieldErrors } from './form-parts.js';

/*
 * The rules are checked here with the very schemas the admin API parses them with, so the form refuses
 * what the API would refuse, field by field, before anything is sent.
 */

type Issue = NonNullable<ReturnType<typeof stampRules.safeParse>['error']>['issues'][number];

export interface StampDraft {
  stampsPerVisit: string;
  stampsRequired: string;
  rewardDescription: string;
  dailyStampLimit: string;
  minimumAmount: string;
  stampValidityDays: string;
}

interface TierDraft {
  name: string;
  minPointsEarned: string;
  multiplier: string;
}

export interface PointsDraft {
  currency: string;
  pointsPerUnit: string;
  rounding: PointsRules['rounding'];
  minimumAmount: string;
  enrolmentBonus: string;
  expiryType: PointsRules['expiry']['type'];
  expiryAmount: string;
  expiryAfterUnit: 'days' | 'months' | 'years';
  expiryEndOfUnit: 'month' | 'year';
  expiringNoticeDays: string;
  tiers: TierDraft[];
  tierWindowDays: string;
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function stampDraftOf(rules?: StampRules): StampDraft {
  return {
    stampsPerVisit: text(rules?.stampsPerVisit ?? 1),
    stampsRequired: text(rules?.stampsRequired ?? 10),
    rewardDescription: rules?.rewardDescription ?? '',
    dailyStampLimit: text(rules?.dailyStampLimit),
    minimumAmount: text(rules?.minimumAmount ?? 0),
    stampValidityDays: text(rules?.stampValidityDays),
  };
}

export function pointsDraftOf(rules?: PointsRules): PointsDraft {
  const expiry = rules?.expiry ?? { type: 'never' };
  return {
    currency: rules?.currency ?? 'EUR',
    pointsPerUnit: text(rules?.pointsPerUnit ?? 1),
    rounding: rules?.rounding ?? 'down',
    minimumAmount: text(rules?.minimumAmount ?? 0),
    enrolmentBonus: text(rules?.enrolmentBonus ?? 0),
    expiryType: expiry.type,
    expiryAmount: expiry.type === 'after' ? String(expiry.amount) : '12',
    expiryAfterUnit: expiry.type === 'after' ? expiry.unit : 'months',
    expiryEndOfUnit: expiry.type === 'endOf' ? expiry.unit : 'year',
    expiringNoticeDays: text(rules?.expiringNoticeDays ?? 14),
    tiers: (rules?.tiers ?? []).map((tier) => ({ name: tier.name, minPointsEarned: String(tier.minPointsEarned), multiplier: String(tier.multiplier) })),
    tierWindowDays: text(rules?.tierWindowDays ?? 365),
  };
}

function stampInput(draft: StampDraft) {
  return {
    stampsPerVisit: numberOr(draft.stampsPerVisit, undefined),
    stampsRequired: numberOr(draft.stampsRequired, undefined),
    rewardDescription: draft.rewardDescription,
    dailyStampLimit: numberOr(draft.dailyStampLimit, null),
    minimumAmount: numberOr(draft.minimumAmount, undefined),
    stampValidityDays: numberOr(draft.stampValidityDays, null),
  };
}

function expiryInput(draft: PointsDraft) {
  if (draft.expiryType === 'after') return { type: 'after', amount: numberOr(draft.expiryAmount, undefined), unit: draft.expiryAfterUnit };
  if (draft.expiryType === 'endOf') return { type: 'endOf', unit: draft.expiryEndOfUnit };
  return { type: 'never' };
}

function pointsInput(draft: PointsDraft) {
  return {
    currency: draft.currency.trim().toUpperCase(),
    pointsPerUnit: numberOr(draft.pointsPerUnit, undefined),
    rounding: draft.rounding,
    minimumAmount: numberOr(draft.minimumAmount, undefined),
    enrolmentBonus: numberOr(draft.enrolmentBonus, undefined),
    expiry: expiryInput(draft),
    expiringNoticeDays: numberOr(draft.expiringNoticeDays, undefined),
    tiers: draft.tiers.map((tier) => ({
      name: tier.name,
      minPointsEarned: numberOr(tier.minPointsEarned, undefined),
      multiplier: numberOr(tier.multiplier, undefined),
    })),
    tierWindowDays: numberOr(draft.tierWindowDays, undefined),
  };
}

function readable(issue: Issue): string {
  const bound = (inclusive: boolean | undefined, value: unknown) => (inclusive === false ? `more than ${value}` : `at least ${value}`);
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1 ? 'Required.' : `Must be ${bound(issue.inclusive, issue.minimum)}.`;
    case 'too_big':
      return issue.origin === 'string' ? `At most ${issue.maximum} characters.` : `Must be at most ${issue.maximum}.`;
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'Required.';
      return issue.expected === 'int' ? 'Must be a whole number.' : 'Must be a number.';
    default:
      return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
}

export type CheckedRules = { kind: 'stamp'; rules: StampRules } | { kind: 'points'; rules: PointsRules };
export type RulesCheck = { checked: CheckedRules; errors?: undefined } | { checked?: undefined; errors: FieldErrors };
export type RulesDraft = { kind: 'stamp'; draft: StampDraft } | { kind: 'points'; draft: PointsDraft };

/** Why the rules were refused, keyed as the API keys its 400 (`rules.stampsRequired`). */
const refused = (issues: Issue[]): RulesCheck => ({
  errors: Object.fromEntries(issues.map((issue) => [['rules', ...issue.path].join('.'), readable(issue)])),
});

/** The draft as the API's rules, or why not. */
export function checkRules(rules: RulesDraft): RulesCheck {
  if (rules.kind === 'stamp') {
    const result = stampRules.safeParse(stampInput(rules.draft));
    return result.success ? { checked: { kind: 'stamp', rules: result.data } } : refused(result.error.issues);
  }
  const result = pointsRules.safeParse(pointsInput(rules.draft));
  return result.success ? { checked: { kind: 'points', rules: result.data } } : refused(result.error.issues);
}

export function StampRulesFields({ draft, onChange, errors }: { draft: StampDraft; onChange: (draft: StampDraft) => void; errors: FieldErrors }) {
  const field = (name: keyof StampDraft) => ({
    value: draft[name],
    error: errors[`rules.${name}`],
    onChange: (e: { target: { value: string } }) => onChange({ ...draft, [name]: e.target.value }),
  });
  return (
    <fieldset>
      <legend>Stamp card rules</legend>
      <Field label="Stamps for the reward" type="number" required {...field('stampsRequired')} />
      <Field label="Reward" hint="What a full card gives, e.g. a free coffee" {...field('rewardDescription')} />
      <Field label="Stamps per visit" type="number" {...field('stampsPerVisit')} />
      <Field label="Most stamps per day" type="number" hint="Empty: no limit" {...field('dailyStampLimit')} />
      <Field label="Minimum purchase, in cents" type="number" hint="A smaller purchase earns no stamp" {...field('minimumAmount')} />
      <Field label="Stamps expire after (days)" type="number" hint="Empty: never" {...field('stampValidityDays')} />
    </fieldset>
  );
}

export function PointsRulesFields({ draft, onChange, errors }: { draft: PointsDraft; onChange: (draft: PointsDraft) => void; errors: FieldErrors }) {
  const set = (patch: Partial<PointsDraft>) => onChange({ ...draft, ...patch });
  const field = (name: 'currency' | 'pointsPerUnit' | 'minimumAmount' | 'enrolmentBonus' | 'expiringNoticeDays' | 'tierWindowDays') => ({
    value: draft[name],
    error: errors[`rules.${name}`],
    onChange: (e: { target: { value: string } }) => set({ [name]: e.target.value }),
  });
  const setTier = (index: number, patch: Partial<TierDraft>) => set({ tiers: draft.tiers.map((t, i) => (i === index ? { ...t, ...patch } : t)) });
  return (
    <fieldset>
      <legend>Points rules</legend>
      <Field label="Currency" hint="Three letters, e.g. EUR" maxLength={3} required {...field('currency')} />
      <Field label="Points per currency unit" type="number" step="any" required {...field('pointsPerUnit')} />
      <SelectField
        label="Rounding"
        value={draft.rounding}
        error={errors['rules.rounding']}
        onChange={(e) => set({ rounding: e.target.value as PointsDraft['rounding'] })}
      >
        <option value="down">Down</option>
        <option value="nearest">Nearest</option>
        <option value="up">Up</option>
      </SelectField>
      <Field label="Minimum purchase, in cents" type="number" {...field('minimumAmount')} />
      <Field label="Points for joining" type="number" {...field('enrolmentBonus')} />
      <SelectField
        label="Points expire"
        value={draft.expiryType}
        error={errors['rules.expiry']}
        onChange={(e) => set({ expiryType: e.target.value as PointsDraft['expiryType'] })}
      >
        <option value="never">Never</option>
        <option value="after">After a while</option>
        <option value="endOf">At the end of the month or year</option>
      </SelectField>
      {draft.expiryType === 'after' && (
        <div className="inline">
          <Field
            label="Expire after"
            type="number"
            value={draft.expiryAmount}
            error={errors['rules.expiry.amount']}
            onChange={(e) => set({ expiryAmount: e.target.value })}
          />
          <SelectField label="Unit" value={draft.expiryAfterUnit} onChange={(e) => set({ expiryAfterUnit: e.target.value as PointsDraft['expiryAfterUnit'] })}>
            <option value="days">days</option>
            <option value="months">months</option>
            <option value="years">years</option>
          </SelectField>
        </div>
      )}
      {draft.expiryType === 'endOf' && (
        <SelectField
          label="At the end of the"
          value={draft.expiryEndOfUnit}
          onChange={(e) => set({ expiryEndOfUnit: e.target.value as PointsDraft['expiryEndOfUnit'] })}
        >
          <option value="month">month</option>
          <option value="year">year</option>
        </SelectField>
      )}
      <Field label="Expiry notice (days before)" type="number" {...field('expiringNoticeDays')} />
      <fieldset>
        <legend>Tiers</legend>
        {draft.tiers.length === 0 && <p className="muted">No tiers: every customer earns at the same rate.</p>}
        {draft.tiers.map((tier, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a tier being typed has no identity but its place.
          <fieldset key={index} className="period">
            <legend>Tier {index + 1}</legend>
            <Field
              label={`Tier ${index + 1} name`}
              value={tier.name}
              error={errors[`rules.tiers.${index}.name`]}
              onChange={(e) => setTier(index, { name: e.target.value })}
            />
            <Field
              label={`Tier ${index + 1} from points earned`}
              type="number"
              value={tier.minPointsEarned}
              error={errors[`rules.tiers.${index}.minPointsEarned`]}
              onChange={(e) => setTier(index, { minPointsEarned: e.target.value })}
            />
            <Field
              label={`Tier ${index + 1} multiplier`}
              type="number"
              step="any"
              value={tier.multiplier}
              error={errors[`rules.tiers.${index}.multiplier`]}
              onChange={(e) => setTier(index, { multiplier: e.target.value })}
            />
            <button type="button" className="secondary" onClick={() => set({ tiers: draft.tiers.filter((_, i) => i !== index) })}>
              Remove tier {index + 1}
            </button>
          </fieldset>
        ))}
        {errors['rules.tiers'] && <p className="error">{errors['rules.tiers']}</p>}
        <button type="button" className="secondary" onClick={() => set({ tiers: [...draft.tiers, { name: '', minPointsEarned: '', multiplier: '1.5' }] })}>
          Add a tier
        </button>
        <Field label="Tier window (days)" type="number" {...field('tierWindowDays')} />
      </fieldset>
    </fieldset>
  );
}
