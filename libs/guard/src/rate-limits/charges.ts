import type { Context } from 'koa';

export type LimitName = 'auth' | 'transactions' | 'analytics' | 'standard' | 'pro';
export type Plan = 'standard' | 'pro';

/** One point to take from one limiter's budget for one key. */
export interface Charge {
  limit: LimitName;
  key: string;
}

/** What the authentication middleware leaves on ctx.state (a Cognito principal or a POS key's). */
interface AuthenticatedState {
  principal?: { sub?: unknown; apiKey?: { businessId?: unknown; storeId?: unknown } };
  body?: unknown;
}

const businessInPath = /^\/businesses\/([0-9a-f-]{36})(?:\/|$)/i;

export const isAuthPath = (path: string): boolean => path === '/auth' || path.startsWith('/auth/');

/** Before authentication: sign-in, sign-up and the like, per IP and per account (the email in the body). */
export function authCharges(ctx: Context): Charge[] {
  if (!isAuthPath(ctx.path)) return [];
  const email = bodyField(ctx.state as AuthenticatedState, 'email');
  return [{ limit: 'auth', key: `ip:${ctx.ip}` }, ...(email ? [{ limit: 'auth' as const, key: `account:${email.trim().toLowerCase()}` }] : [])];
}

/**
 * After authentication, so an anonymous caller cannot spend someone else's budget. A transaction
 * counts against its store; anything else against the business in the path (its plan picks the
 * limit), the POS key's business, or the signed-in customer.
 */
export async function requestCharges(ctx: Context, planOf: (businessId: string) => Promise<Plan>): Promise<Charge[]> {
  if (isAuthPath(ctx.path)) return [];
  const state = ctx.state as AuthenticatedState;
  const apiKey = state.principal?.apiKey;
  const businessId = businessInPath.exec(ctx.path)?.[1]?.toLowerCase() ?? stringOr(apiKey?.businessId);
  if (ctx.method === 'POST' && ctx.path.endsWith('/transactions')) {
    const storeId = bodyField(state, 'storeId') ?? stringOr(apiKey?.storeId);
    if (storeId) return [{ limit: 'transactions', key: `store:${storeId.toLowerCase()}` }];
  }
  const user = stringOr(state.principal?.sub);
  const subject = businessId ? `business:${businessId}` : user ? `user:${user}` : `ip:${ctx.ip}`;
  if (ctx.path.includes('/analytics')) return [{ limit: 'analytics', key: subject }];
  const plan = businessId ? await planOf(businessId) : 'standard';
  return [{ limit: plan, key: subject }];
}

function bodyField(state: AuthenticatedState, field: string): string | undefined {
  const body = state.body;
  if (typeof body !== 'object' || body === null) return undefined;
  return stringOr((body as Record<string, unknown>)[field]);
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
