import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface SeededBusiness {
  businessId: string;
  storeId: string;
  programId: string;
  cards: number;
  transactions: number;
}

/**
 * A business with one store and program, `cards` customers each with a card, and `transactions`
 * applied purchases spread over the cards, written in bulk by SQL so a million rows take seconds.
 * Every third customer agreed to email, every third other one to SMS, the rest to nothing.
 */
export async function seedBusiness(databaseUrl: string, size: { cards: number; transactions: number }): Promise<SeededBusiness> {
  const businessId = randomUUID();
  const brandId = randomUUID();
  const storeId = randomUUID();
  const programId = randomUUID();
  const tag = businessId.slice(0, 8);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`insert into business.businesses (id, name) values ($1, 'Seeded cafe')`, [businessId]);
    await client.query(`insert into business.brands (id, business_id, name) values ($1, $2, 'Seeded brand')`, [brandId, businessId]);
    await client.query(`insert into business.stores (id, business_id, brand_id, name, time_zone) values ($1, $2, $3, 'Main street', 'Europe/Berlin')`, [
      storeId,
      businessId,
      brandId,
    ]);
    await client.query(
      `insert into loyalty.programs (id, business_id, brand_id, name, kind, status, rules)
       values ($1, $2, $3, 'Coffee Club', 'stamp', 'active', '{"stampsPerVisit":1,"stampsRequired":10,"rewardDescription":"A coffee","dailyStampLimit":null,"minimumAmount":0,"stampValidityDays":null}')`,
      [programId, businessId, brandId],
    );
    await client.query(
      `insert into customer.customers (id, cognito_sub, email, display_name, phone, locale, consents)
       select md5($1 || ':customer:' || n)::uuid, $1 || ':sub:' || n, 'customer-' || n || '@' || $2 || '.example', 'Customer ' || n,
              '+4930' || lpad(n::text, 7, '0'), 'de-DE',
              case n % 3 when 0 then '{"email":{"granted":true,"at":"2026-10-01T00:00:00.000Z"}}'::jsonb
                         when 1 then '{"sms":{"granted":true,"at":"2026-10-01T00:00:00.000Z"}}'::jsonb
                         else '{}'::jsonb end
         from generate_series(0, $3 - 1) as n`,
      [businessId, tag, size.cards],
    );
    await client.query(
      `insert into loyalty.cards (id, business_id, program_id, customer_id, card_number, balance, created_at)
       select md5($1 || ':card:' || n)::uuid, $1::uuid, $2::uuid, md5($1 || ':customer:' || n)::uuid, $3 || '-' || n, n % 10,
              timestamptz '2026-10-01T00:00:00Z' + n * interval '1 second'
         from generate_series(0, $4 - 1) as n`,
      [businessId, programId, tag, size.cards],
    );
    await client.query(
      `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, result, recorded_by, amount, currency, created_at, applied_at)
       select gen_random_uuid(), $1::uuid, md5($1 || ':card:' || (n % $3))::uuid, $2::uuid, 'purchase', 'till-' || n, 'applied',
              jsonb_build_object('delta', 1, 'balanceAfter', 1), 'seed', 250 + n % 1000, 'EUR',
              timestamptz '2026-11-01T00:00:00Z' + n * interval '1 second', timestamptz '2026-11-01T00:00:00Z' + n * interval '1 second'
         from generate_series(0, $4 - 1) as n`,
      [businessId, storeId, size.cards, size.transactions],
    );
    await client.query('commit');
  } finally {
    await client.end();
  }
  return { businessId, storeId, programId, ...size };
}

/** The row the admin API (or, for `personal-data`, the customer API) writes for a request, without the API. */
export async function insertExportRequest(
  databaseUrl: string,
  request: { businessId?: string; customerId?: string; kind: string; format: string; filters?: Record<string, string>; requesterEmail?: string },
): Promise<{ id: string; objectKey: string }> {
  const id = randomUUID();
  const owner = request.customerId ? `customers/${request.customerId}` : request.businessId;
  const objectKey = `exports/${owner}/${id}.${request.format}.gz`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into business.exports (id, business_id, customer_id, kind, format, filters, object_key, requested_by, requester_email)
       values ($1, $2, $3, $4, $5, $6, $7, 'seed', $8)`,
      [
        id,
        request.businessId ?? null,
        request.customerId ?? null,
        request.kind,
        request.format,
        JSON.stringify(request.filters ?? {}),
        objectKey,
        request.requesterEmail ?? null,
      ],
    );
  } finally {
    await client.end();
  }
  return { id, objectKey };
}
