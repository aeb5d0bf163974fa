import { useSyncExternalStore } from 'react';

export interface SignedIn {
  accessToken: string;
  refreshToken?: string;
}

export interface SessionStore<S extends SignedIn> {
  getSession(): S | null;
  setSession(session: S | null): void;
  updateSession(change: Partial<S>): void;
  useSession(): S | null;
}

/** The signed-in session in localStorage under `key`, with React components re-rendered when it changes. */
export function createSessionStore<S extends SignedIn>(key: string): SessionStore<S> {
  const listeners = new Set<() => void>();
  const read = (): S | null => {
    try {
      const raw = localStorage.getItem(key);
      return raw ? (JSON.parse(raw) as S) : null;
    } catch {
      return null;
    }
  };
  let current = read();
  const getSession = () => current;
  const setSession = (session: S | null) => {
    current = session;
    if (session) localStorage.setItem(key, JSON.stringify(session));
    else localStorage.removeItem(key);
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    getSession,
    setSession,
    updateSession: (change) => {
      if (current) setSession({ ...current, ...change });
    },
    useSession: () => useSyncExternalStore(subscribe, getSession),
  };
}
