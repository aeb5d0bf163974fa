import type { System } from './system.js';

export interface SecurityAuditRow {
  business_id: string;
  payload: { action: string; actor: { type: string; id: string | null }; subject: { type: string; id: string } | null; details: Record<string, unknown> };
}

/** The `audit.security` events written to the outbox for one action, oldest first. */
export async function securityEvents(system: System, action: string): Promise<SecurityAuditRow[]> {
  return system.admin.orm.em
    .fork()
    .execute<SecurityAuditRow[]>(
      `select business_id, payload from messaging.outbox where event_type = 'audit.security' and payload->>'action' = ? order by id`,
      [action],
    );
}
