/** "45s", "12m 03s", "3h 02m", "2d 04h": the two largest units are enough to act on. */
export function age(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: [string, number][] = [
    ['d', Math.floor(seconds / 86_400)],
    ['h', Math.floor(seconds / 3_600) % 24],
    ['m', Math.floor(seconds / 60) % 60],
    ['s', seconds % 60],
  ];
  const first = units.findIndex(([, value]) => value > 0);
  if (first === -1 || first === units.length - 1) return `${seconds}s`;
  const [[bigUnit, big], [smallUnit, small]] = [units[first]!, units[first + 1]!];
  return `${big}${bigUnit} ${String(small).padStart(2, '0')}${smallUnit}`;
}

export function ageSince(date: Date | undefined, now = Date.now()): string {
  return date ? age(now - date.getTime()) : '-';
}

/** UTC, to the second: what logs and AWS consoles show. */
export function time(date: Date | undefined): string {
  return date ? `${date.toISOString().slice(0, 19).replace('T', ' ')}Z` : '-';
}

export function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
