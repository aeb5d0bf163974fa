import { formatSessionHandle, newSessionHandle, openRefreshToken, parseSessionHandle, sealRefreshToken } from '../src/domain/session-handle.js';
import { trackToken } from '../src/domain/session-tokens.js';

const sub = '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';

describe('session handle', () => {
  it('round-trips, and only its own secret opens the sealed refresh token', () => {
    const handle = newSessionHandle(sub);
    const parsed = parseSessionHandle(formatSessionHandle(handle));
    expect(parsed).toEqual(handle);
    const sealed = sealRefreshToken(handle, 'cognito-refresh-token');
    expect(sealed).not.toContain('cognito');
    expect(openRefreshToken(parsed!, sealed)).toBe('cognito-refresh-token');
    expect(openRefreshToken({ ...handle, secret: newSessionHandle(sub).secret }, sealed)).toBeNull();
    expect(openRefreshToken({ ...handle, sessionId: newSessionHandle(sub).sessionId }, sealed)).toBeNull();
  });

  it('parses nothing but a handle of ours', () => {
    const handle = formatSessionHandle(newSessionHandle(sub));
    for (const value of ['eyJhbGciOiJSUzI1NiJ9.e30.c2ln', `${handle}x`, handle.replace('lrt_', 'lpk_'), `lrt_not-a-sub_${handle.slice(41)}`, ''])
      expect(parseSessionHandle(value)).toBeNull();
  });
});

describe('tracked access tokens', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const at = (secondsFromNow: number) => Math.floor(now.getTime() / 1000) + secondsFromNow;

  it('forgets expired tokens', () => {
    const { kept, retired } = trackToken(
      [
        { key: 'old', expiresAt: at(-1) },
        { key: 'live', expiresAt: at(60) },
      ],
      { key: 'new', expiresAt: at(3600) },
      now,
    );
    expect(kept.map((t) => t.key)).toEqual(['live', 'new']);
    expect(retired).toEqual([]);
  });

  it('retires the oldest live tokens past the limit', () => {
    const tokens = Array.from({ length: 3 }, (_, i) => ({ key: `t${i}`, expiresAt: at(100 + i) }));
    const { kept, retired } = trackToken(tokens, { key: 'new', expiresAt: at(3600) }, now, 2);
    expect(kept.map((t) => t.key)).toEqual(['t2', 'new']);
    expect(retired.map((t) => t.key)).toEqual(['t0', 't1']);
  });
});
