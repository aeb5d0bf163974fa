import createClient from 'openapi-fetch';
import type { paths } from '@loyalty/api-clients/admin';
import { config } from './config.js';
import { ApiError, NETWORK_MESSAGE } from '../../shared/problems.js';
import { problemMessage, type Problem } from './problems.js';
import { getSession, setSession } from './session.js';

let refreshing: Promise<boolean> | undefined;

async function refreshTokens(): Promise<boolean> {
  const session = getSession();
  if (!session?.refreshToken) return false;
  const response = await fetch(`${config.apiUrl}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  });
  if (!response.ok) {
    setSession(null);
    return false;
  }
  const tokens = (await response.json()) as { accessToken: string; refreshToken?: string | null };
  setSession({ ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? session.refreshToken });
  return true;
}

/** Adds the access token; on a 401 refreshes it once (one refresh shared by concurrent calls) and retries. */
async function authorizedFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const withToken = (r: Request) => {
    const token = getSession()?.accessToken;
    if (token && !r.headers.has('authorization')) r.headers.set('authorization', `Bearer ${token}`);
    return r;
  };
  const response = await fetch(withToken(request));
  if (response.status !== 401 || !getSession()?.refreshToken || request.url.includes('/auth/')) return response;
  refreshing ??= refreshTokens().finally(() => {
    refreshing = undefined;
  });
  return (await refreshing) ? fetch(withToken(retry)) : response;
}

export const api = createClient<paths>({ baseUrl: config.apiUrl, fetch: authorizedFetch });

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's body, or an ApiError with the problem's readable message. */
export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch {
    throw new ApiError('NETWORK', NETWORK_MESSAGE, 0);
  }
  if (!answer.response.ok) throw problemMessage(answer.error as Partial<Problem> | undefined, answer.response.status);
  return answer.data as T;
}
