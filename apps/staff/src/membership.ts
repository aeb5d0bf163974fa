import { useQuery } from '@tanstack/react-query';
import { myBusinessesQuery } from './screens/businesses.js';
import { useSession } from './session.js';

export type Role = 'owner' | 'admin' | 'manager' | 'cashier';

/** The caller's membership of the business picked after sign-in: its role and store scope. */
export function useMembership() {
  const businessId = useSession()?.businessId;
  const businesses = useQuery({ ...myBusinessesQuery, enabled: businessId !== undefined });
  return {
    membership: businesses.data?.items.find((business) => business.id === businessId),
    isLoading: businesses.isLoading,
    error: businesses.error,
  };
}

/** Who sees a back-office screen; the API enforces the same matrix, this only hides what would answer 403. */
export const backOfficeRoles = {
  setUp: ['owner', 'admin', 'manager'],
  manageBusiness: ['owner', 'admin'],
  team: ['owner', 'admin'],
  audit: ['owner', 'admin'],
  dashboard: ['owner', 'admin', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

export function mayUse(role: Role | undefined, screen: keyof typeof backOfficeRoles): boolean {
  return role !== undefined && (backOfficeRoles[screen] as readonly Role[]).includes(role);
}
