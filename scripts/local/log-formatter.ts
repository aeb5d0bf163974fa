import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

const NAME_WIDTH = 17;
const NAME_COLOURS = ['cyan', 'magenta', 'blue', 'yellow', 'green', 'redBright', 'cyanBright', 'magentaBright'] as const;
type NameColour = (typeof NAME_COLOURS)[number];
const LEVEL_STYLES: Record<string, Style> = {
  trace: 'gray',
  debug: 'gray',
  info: 'green',
  warn: 'yellow',
  error: 'red',
  fatal: ['bold', 'red'],
};
// pino's numeric levels, for loggers configured without the label formatter.
const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
// Fields every line carries or that the prefix already shows.
const HIDDEN_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'name', 'v']);

const assignedColours = new Map<string, NameColour>();

/** `name │` padded to one width for every process, in a colour of its own. */
export function prefix(name: string): string {
  let colour = assignedColours.get(name);
  if (!colour) {
    colour = NAME_COLOURS[assignedColours.size % NAME_COLOURS.length] ?? 'cyan';
    assignedColours.set(name, colour);
  }
  return `${styleText(['bold', colour], name.padEnd(NAME_WIDTH).slice(0, NAME_WIDTH))} ${styleText('gray', '│')}`;
}

/** One output line for one input line: pino JSON becomes `HH:MM:SS name │ level msg key=value`, anything else passes through. */
export function formatLine(name: string, line: string): string {
  const record = parseJsonObject(line);
  if (!record) return `${styleText('gray', clock(new Date()))} ${prefix(name)} ${line}`;

  const level = levelName(record.level);
  const time = typeof record.time === 'string' || typeof record.time === 'number' ? new Date(record.time) : new Date();
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN_FIELDS.has(key))
    .map(([key, value]) => `${styleText('gray', `${key}=`)}${renderValue(value)}`);
  const message = typeof record.msg === 'string' ? record.msg : '';
  const head = [styleText('gray', clock(time)), prefix(name), styleText(LEVEL_STYLES[level] ?? 'white', level.toUpperCase().padEnd(5)), message, ...fields]
    .filter((part) => part !== '')
    .join(' ');
  const stack = errorStack(record.err);
  return stack && (level === 'error' || level === 'fatal') ? `${head}\n${styleText('gray', indent(stack))}` : head;
}

/** A line of the start script itself, in the same shape as the services' lines. */
export function say(message: string, level: 'info' | 'warn' | 'error' = 'info'): void {
  const line = `${styleText('gray', clock(new Date()))} ${prefix('start')} ${styleText(LEVEL_STYLES[level] ?? 'white', level.toUpperCase().padEnd(5))} ${message}`;
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function levelName(level: unknown): string {
  if (typeof level === 'string') return level;
  if (typeof level === 'number') return PINO_LEVELS[level] ?? String(level);
  return 'info';
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (isErrorRecord(value)) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}

function isErrorRecord(value: unknown): value is { message: string; stack?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

function errorStack(value: unknown): string | undefined {
  return isErrorRecord(value) && typeof value.stack === 'string' ? value.stack : undefined;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function clock(date: Date): string {
  const valid = Number.isNaN(date.getTime()) ? new Date() : date;
  return [valid.getHours(), valid.getMinutes(), valid.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}
