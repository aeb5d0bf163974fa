import { reject } from './rejection.js';

function wallClockAsUtc(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'), at.getUTCMilliseconds());
}

/** The instant the local day containing `now` began in `timeZone` (DST-aware). */
export function startOfLocalDay(now: Date, timeZone: string): Date {
  const local = new Date(wallClockAsUtc(now, timeZone));
  const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let guess = localMidnight;
  // Two passes settle the offset even when midnight falls next to a DST switch.
  for (let i = 0; i < 2; i++) guess = localMidnight - (wallClockAsUtc(new Date(guess), timeZone) - guess);
  return new Date(Math.min(guess, now.getTime()));
}

export function checkDailyStampLimit(earnedToday: number, adding: number, limit: number | null): void {
  if (limit !== null && earnedToday + adding > limit) reject('DAILY_STAMP_LIMIT', `the card already has ${earnedToday} of ${limit} stamps today`);
}
