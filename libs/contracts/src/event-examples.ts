import type { EventPayload, EventType } from './events.js';

export interface EventExample<T extends EventType> {
  aggregateId: string;
  payload: EventPayload<T>;
}

const ids = {
  transaction: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  card: '2b7e9c1a-5d3f-4a8b-9c0d-1e2f3a4b5c6d',
  program: '8d4f6a2b-1c3e-4f5a-a6b7-c8d9e0f1a2b3',
  store: '5a9c1e3b-7d2f-4b6a-8c0e-2f4a6b8c0d1e',
  customer: '9e3a5c7b-2d4f-4e6a-b8c0-d2e4f6a8b0c1',
  reward: '3c8e0a2d-6f1b-4d9c-a3e5-f7b9d1c3e5a7',
  lot: '7b2d4f6a-8c0e-4a1b-9d3f-5e7a9c1b3d5f',
  staff: 'cognito-sub-4f6a8c0e',
  export: '0193a4b2-7c1d-7e2f-8a3b-4c5d6e7f8a9b',
};
const customer = { id: ids.customer, email: 'ana@example.com', displayName: 'Ana' };

/** One sample of every event type, for the AsyncAPI document; each must parse with its type's schema. */
export const eventExamples: { [T in EventType]: EventExample<T> } = {
  'transaction.recorded': {
    aggregateId: ids.transaction,
    payload: {
      transactionId: ids.transaction,
      cardId: ids.card,
      programId: ids.program,
      storeId: ids.store,
      kind: 'visit',
      posTransactionId: 'till-7-receipt-42',
      recordedAt: '2026-11-25T12:00:00.000Z',
    },
  },
  'transaction.settled': {
    aggregateId: ids.transaction,
    payload: {
      transactionId: ids.transaction,
      cardId: ids.card,
      programId: ids.program,
      customerId: ids.customer,
      kind: 'visit',
      status: 'applied',
      delta: 1,
      balanceAfter: 7,
      rejectionCode: null,
      settledAt: '2026-11-25T12:00:00.250Z',
    },
  },
  'card.enrolled': {
    aggregateId: ids.card,
    payload: { cardId: ids.card, programId: ids.program, customerId: ids.customer, enrolledAt: '2026-11-01T09:30:00.000Z' },
  },
  'reward.unlocked': {
    aggregateId: ids.card,
    payload: {
      rewardId: ids.reward,
      cardId: ids.card,
      programId: ids.program,
      programName: 'Coffee Club',
      rewardDescription: 'A free coffee',
      customer,
      stampsRequired: 10,
      unlockedAt: '2026-11-25T12:00:00.250Z',
    },
  },
  'reward.redeemed': {
    aggregateId: ids.card,
    payload: { rewardId: ids.reward, cardId: ids.card, programId: ids.program, transactionId: ids.transaction, redeemedAt: '2026-11-26T08:15:00.000Z' },
  },
  'tier.changed': {
    aggregateId: ids.card,
    payload: { cardId: ids.card, programId: ids.program, customerId: ids.customer, from: 'Silver', to: 'Gold', changedAt: '2026-11-25T12:00:00.250Z' },
  },
  'points.expiring': {
    aggregateId: ids.card,
    payload: {
      cardId: ids.card,
      programId: ids.program,
      programName: 'Cafe Points',
      lotId: ids.lot,
      points: 120,
      expiresAt: '2026-12-31T23:00:00.000Z',
      customer,
    },
  },
  'points.expired': {
    aggregateId: ids.card,
    payload: { cardId: ids.card, programId: ids.program, customerId: ids.customer, points: 120, lotIds: [ids.lot], expiredAt: '2026-12-31T23:00:05.000Z' },
  },
  'customer.deleted': {
    aggregateId: ids.customer,
    payload: { customerId: ids.customer, deletedAt: '2026-11-30T18:00:00.000Z' },
  },
  'audit.security': {
    aggregateId: ids.staff,
    payload: {
      action: 'sign_in.succeeded',
      actor: { type: 'staff', id: ids.staff, username: 'owner@cafe.example' },
      subject: { type: 'staff_user', id: ids.staff },
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      details: { method: 'password+totp' },
      at: '2026-11-25T07:58:00.000Z',
    },
  },
  'audit.staff_action': {
    aggregateId: ids.program,
    payload: {
      action: 'program.updated',
      actor: { type: 'staff', id: ids.staff, username: 'owner@cafe.example' },
      resource: { type: 'program', id: ids.program },
      details: { changed: ['rules'] },
      at: '2026-11-01T09:00:00.000Z',
    },
  },
  'export.requested': {
    aggregateId: ids.export,
    payload: { exportId: ids.export, kind: 'transactions', format: 'csv', requestedAt: '2026-12-01T10:00:00.000Z' },
  },
  'export.ready': {
    aggregateId: ids.export,
    payload: { exportId: ids.export, kind: 'transactions', format: 'csv', rows: 1250, bytes: 48213, readyAt: '2026-12-01T10:00:04.000Z' },
  },
};
