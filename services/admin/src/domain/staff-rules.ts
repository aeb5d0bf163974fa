import { AppError } from '@loyalty/platform';
import type { StaffRole } from '@loyalty/db/model';

/** Only an owner can make someone an owner or change what an owner may do. */
export function assertMayManage(actorRole: StaffRole, change: { currentRole?: StaffRole; newRole?: StaffRole }): void {
  if (actorRole === 'owner') return;
  if (change.currentRole === 'owner' || change.newRole === 'owner') throw AppError.forbidden('Only an owner can grant, change or remove the owner role');
}

/** A business always keeps at least one owner, so it can never lock itself out. */
export function assertKeepsAnOwner(owners: number, change: { currentRole: StaffRole; newRole: StaffRole | null }): void {
  const losesAnOwner = change.currentRole === 'owner' && change.newRole !== 'owner';
  if (losesAnOwner && owners <= 1) throw AppError.conflict('LAST_OWNER', 'The last owner of a business cannot be demoted or removed');
}
