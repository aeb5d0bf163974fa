import type { EntityManager } from '@loyalty/db';

/** Serialises changes to a business's staff list (inside a transaction). */
export async function lockBusiness(tx: EntityManager, businessId: string): Promise<void> {
  await tx.execute('select 1 from business.businesses where id = ? for update', [businessId]);
}

/** Serialises lifecycle changes of one program (inside a transaction). */
export async function lockProgram(tx: EntityManager, businessId: string, programId: string): Promise<void> {
  await tx.execute('select 1 from loyalty.programs where id = ? and business_id = ? for update', [programId, businessId]);
}
