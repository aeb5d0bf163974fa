import { execFileSync } from 'node:child_process';

/** Local addresses of every TCP listener on `port`, from `ss`. */
export function listenersOn(port: number | string): string[] {
  return execFileSync('ss', ['-Hltn'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[3] ?? '')
    .filter((address) => address.endsWith(`:${port}`));
}
