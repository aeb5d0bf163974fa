import type { Context, Middleware } from 'koa';
import type { EntityManager } from '@loyalty/db';
import type { TokenVerifier } from '@loyalty/identity';
import { apiKeyNotAllowed } from '../../data-access/staff-access.js';
import { apiKeyMayCall } from '../../domain/api-key-scope.js';
import { authenticateApiKey, type UsageRecorder } from '../../use-cases/authenticate-api-key.js';

export interface AuthenticationDeps {
  em: () => EntityManager;
  verifier: TokenVerifier;
  recordApiKeyUsage: UsageRecorder;
}

/**
 * Who is calling, before any input is read: a staff access token, or a POS terminal's API key limited
 * to its few routes. Public endpoints (sign-in; sign-out checks its token in the handler) skip it.
 */
export function authenticate(deps: AuthenticationDeps): Middleware {
  return async (ctx, next) => {
    ctx.state.em = deps.em();
    const apiKey = presentedApiKey(ctx);
    if (apiKey === undefined) {
      ctx.state.principal = await deps.verifier.verify(ctx.get('authorization'));
    } else {
      ctx.state.principal = await authenticateApiKey(ctx.state.em, apiKey, deps.recordApiKeyUsage);
      if (!apiKeyMayCall(ctx.method, ctx.path)) throw apiKeyNotAllowed();
    }
    await next();
  };
}

function presentedApiKey(ctx: Context): string | undefined {
  const header = ctx.get('x-api-key');
  if (header) return header;
  return /^ApiKey (\S+)$/i.exec(ctx.get('authorization'))?.[1];
}
