import createClient from 'openapi-fetch';
import { ApiError, NETWORK_MESSAGE, type ProblemBody } from './problems.js';
import type { SessionStore, SignedIn } from './session-store.js';

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The typed client of one API for one app: it adds the session's access token, and on a 401 refreshes
 * it once (one refresh shared by concurrent calls) and retries. `ok` unwraps an answer or throws an
 * ApiError with the app's sentence for the problem.
 */
export function createApiAccess<Paths extends {}, S extends SignedIn>(
  apiUrl: string,
  sessions: SessionStore<S>,
  problemMessage: (problem: ProblemBody | undefined, status: number) => ApiError,
) {
  let refreshing: Promise<boolean> | undefined;

  async function refreshTokens(): Promise<boolean> {
    const session = sessions.getSession();
    if (!session?.refreshToken) return false;
    const response = await fetch(`${apiUrl}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    if (!response.ok) {
      sessions.setSession(null);
      return false;
    }
    const tokens = (await response.json()) as { accessToken: string; refreshToken?: string | null };
    sessions.setSession({ ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? session.refreshToken });
    return true;
  }

  async function authorizedFetch(request: Request): Promise<Response> {
    const retry = request.clone();
    const withToken = (r: Request) => {
      const token = sessions.getSession()?.accessToken;
      if (token && !r.headers.has('authorization')) r.headers.set('authorization', `Bearer ${token}`);
      return r;
    };
    const response = await fetch(withToken(request));
    if (response.status !== 401 || !sessions.getSession()?.refreshToken || request.url.includes('/auth/')) return response;
    refreshing ??= refreshTokens().finally(() => {
      refreshing = undefined;
    });
    return (await refreshing) ? fetch(withToken(retry)) : response;
  }

  async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
    let answer: Answer<T>;
    try {
      answer = await call;
    } catch {
      throw new ApiError('NETWORK', NETWORK_MESSAGE, 0);
    }
    if (!answer.response.ok) throw problemMessage(answer.error as ProblemBody | undefined, answer.response.status);
    return answer.data as T;
  }

  return { api: createClient<Paths>({ baseUrl: apiUrl, fetch: authorizedFetch }), ok };
}
