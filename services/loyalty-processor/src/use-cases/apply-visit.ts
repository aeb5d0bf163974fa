import { checkDailyStampLimit } from '../domain/daily-stamp-limit.js';
import { reject } from '../domain/rejection.js';
import type { Application, Effect } from './application.js';
import { earnStamps, stampsEarnedToday } from './earn-stamps.js';

export async function applyVisit(app: Application): Promise<Effect> {
  const { program } = app;
  if (program.kind !== 'stamp') return reject('NOT_SUPPORTED_BY_PROGRAM', 'visits earn stamps; this is a points program');
  const limit = program.rules.dailyStampLimit;
  if (limit !== null) checkDailyStampLimit(await stampsEarnedToday(app), program.rules.stampsPerVisit, limit);
  return { earned: earnStamps(app, program.rules) };
}
