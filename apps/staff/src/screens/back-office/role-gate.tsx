import { Navigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ErrorMessage, Loading } from '../../../../shared/ui.js';
import { type backOfficeRoles, mayUse, useMembership } from '../../membership.js';

/** A back-office screen only for the roles that may use it: anyone else (a cashier on a typed URL) lands on the counter. */
export function RoleGate({ screen, children }: { screen: keyof typeof backOfficeRoles; children: ReactNode }) {
  const { membership, isLoading, error } = useMembership();
  if (isLoading) return <Loading what="your role" />;
  if (error) return <ErrorMessage error={error} />;
  if (!mayUse(membership?.role, screen)) return <Navigate to="/counter" replace />;
  return children;
}
