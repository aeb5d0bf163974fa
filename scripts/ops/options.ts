import { InvalidArgumentError } from 'commander';

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return number;
}

/** `--id` and `--all` say which rows or messages; exactly one of them must be given. */
export function selection(options: { id?: string[]; all?: boolean }): string[] | 'all' {
  if (options.all && options.id) throw new Error('give either --id or --all, not both');
  if (options.all) return 'all';
  if (options.id) return options.id;
  throw new Error('say which: --id ID (repeatable) or --all');
}
