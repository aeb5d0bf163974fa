import type { EntityManager } from '@loyalty/db';
import { daysWithFiguresOf, summaryOf } from '@loyalty/db/analytics';
import type { ExportFilters } from '@loyalty/db/model';
import type { AnalyticsDayRow } from '../domain/export-columns.js';

const DAY_MS = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * The summary's days whose UTC midnight lies in the export's period `[from, to)`, zeros included;
 * an open end stops at the first or last day with figures. One batch: a day is one small row.
 */
export async function* analyticsDays(em: EntityManager, businessId: string, filters: ExportFilters): AsyncGenerator<AnalyticsDayRow[]> {
  const cell = { businessId, storeId: filters.storeId, programId: filters.programId };
  const figures = filters.from && filters.to ? null : await daysWithFiguresOf(em, cell);
  const from = filters.from ? dayOf(Math.ceil(Date.parse(filters.from) / DAY_MS) * DAY_MS) : figures?.first;
  const to = filters.to ? dayOf(Date.parse(filters.to) - 1) : figures?.last;
  if (!from || !to || from > to) return;
  yield (await summaryOf(em, { ...cell, from, to })).byDay;
}
