import { useSyncExternalStore } from 'react';

export interface Session {
  email: string;
  accessToken: string;
  refreshToken?: string;
  /** The business picked after sign-in, and the store the counter records for. */
  businessId?: string;
  storeId?: string;
}

const KEY = 'loyalty.staff.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function updateSession(change: Partial<Session>): void {
  if (current) setSession({ ...current, ...change });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession);
}
