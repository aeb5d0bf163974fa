import { createServer } from 'node:net';

export const HOST = '127.0.0.1';

/** Fixed so URLs, bookmarks and the printed curls stay the same from one run to the next. */
export const PORTS = {
  customerApi: 3001,
  adminApi: 3002,
  outboxRelay: 3003,
  /** The notifier's Lambda Invoke endpoint, where cognito-local calls its CustomEmailSender trigger. */
  cognitoTrigger: 3004,
  fauxqs: 4566,
  dynalite: 4567,
  ses: 8005,
  cognito: 9229,
  redis: 6380,
  /** The React apps' dev servers; the APIs' CORS allow-lists name these origins. */
  staffApp: 5173,
  customerApp: 5174,
} as const;

export type PortName = keyof typeof PORTS;

/** Fails before anything starts, naming every port that is taken, rather than half-starting. */
export async function assertPortsFree(names: readonly PortName[]): Promise<void> {
  const taken: PortName[] = [];
  for (const name of names) if (!(await isFree(PORTS[name]))) taken.push(name);
  if (taken.length === 0) return;
  const list = taken.map((name) => `${HOST}:${PORTS[name]} (${name})`).join(', ');
  const filter = taken.map((name) => `sport = :${PORTS[name]}`).join(' or ');
  throw new Error(`Port(s) already in use: ${list}. Is another \`npm start\` running? See who holds them: ss -ltnp '( ${filter} )'`);
}

export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}
