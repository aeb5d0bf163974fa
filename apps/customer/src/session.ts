import { createSessionStore } from '../../shared/session-store.js';

export interface Session {
  email: string;
  accessToken: string;
  refreshToken?: string;
}

export const sessions = createSessionStore<Session>('loyalty.session');
export const { getSession, setSession, useSession } = sessions;
