import { createSessionStore } from '../../shared/session-store.js';

export interface Session {
  email: string;
  accessToken: string;
  refreshToken?: string;
  /** The business picked after sign-in, and the store the counter records for. */
  businessId?: string;
  storeId?: string;
}

export const sessions = createSessionStore<Session>('loyalty.staff.session');
export const { getSession, setSession, updateSession, useSession } = sessions;
