import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Series<Row> {
  key: keyof Row & string;
  label: string;
  color: string;
}

interface ChartProps<Row> {
  title: string;
  /** What the chart shows, in words, under its title. */
  caption: string;
  kind: 'bar' | 'line';
  rows: readonly Row[];
  /** The x axis: a day, a store, a segment. */
  category: keyof Row & string;
  categoryLabel: string;
  series: readonly Series<Row>[];
}

/**
 * A chart for the eye and the same numbers as a table for a screen reader: the drawing is hidden
 * from assistive technology (its tooltips need a pointer), the table from the screen.
 */
export function ChartFigure<Row extends Record<string, string | number | null>>({
  title,
  caption,
  kind,
  rows,
  category,
  categoryLabel,
  series,
}: ChartProps<Row>) {
  const titleId = useId();
  const data: Record<string, string | number | null>[] = rows.map((row) => ({ ...row }));
  const drawn = series.map((s) =>
    kind === 'bar' ? (
      <Bar key={s.key} dataKey={String(s.key)} name={s.label} fill={s.color} isAnimationActive={false} />
    ) : (
      <Line key={s.key} dataKey={String(s.key)} name={s.label} stroke={s.color} strokeWidth={2} dot={false} isAnimationActive={false} />
    ),
  );
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
      <XAxis dataKey={String(category)} tick={{ fill: '#374151', fontSize: 12 }} />
      <YAxis allowDecimals={false} tick={{ fill: '#374151', fontSize: 12 }} width={48} />
      <Tooltip />
      <Legend wrapperStyle={{ color: '#111827' }} />
    </>
  );
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>{title}</h3>
        <p className="muted">{caption}</p>
      </figcaption>
      <div className="chart-plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={240}>
          {kind === 'bar' ? (
            <BarChart data={data} accessibilityLayer={false}>
              {axes}
              {drawn}
            </BarChart>
          ) : (
            <LineChart data={data} accessibilityLayer={false}>
              {axes}
              {drawn}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{categoryLabel}</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={String(row[category])}>
              <th scope="row">{row[category]}</th>
              {series.map((s) => (
                <td key={s.key}>{row[s.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Dark enough for their legend text on white (WCAG AA). */
export const colors = { blue: '#1d4ed8', amber: '#b45309', green: '#047857', violet: '#6d28d9', red: '#b91c1c' } as const;
