import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import pg from 'pg';
import { BARE_SCHEMA } from './bare-schema.js';

/**
 * The bare baseline, its own process: one Koa endpoint that does what the write path must do at the
 * least, in one transaction: a pending transaction row and an outbox row (the shapes of
 * loyalty.transactions and messaging.outbox, copied into the scratch schema by prepareBareSchema), no
 * authentication, no validation, no ORM. DATABASE_URL and PORT come from the bench.
 */
interface VisitBody {
  businessId: string;
  cardId: string;
  storeId: string;
  posTransactionId: string;
}

async function readJson(request: Koa.Request['req']): Promise<VisitBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as VisitBody;
}

async function record(pool: pg.Pool, body: VisitBody): Promise<string> {
  const id = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into ${BARE_SCHEMA}.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, recorded_by)
       values ($1, $2, $3, $4, 'visit', $5, 'pending', 'bench')`,
      [id, body.businessId, body.cardId, body.storeId, body.posTransactionId],
    );
    const payload = { transactionId: id, cardId: body.cardId, storeId: body.storeId, kind: 'visit', posTransactionId: body.posTransactionId };
    await client.query(
      `insert into ${BARE_SCHEMA}.outbox (id, aggregate_type, aggregate_id, event_type, event_version, topic, business_id, payload, headers)
       values ($1, 'transaction', $2, 'transaction.recorded', 1, 'loyalty', $3, $4, $5)`,
      [randomUUID(), id, body.businessId, JSON.stringify(payload), JSON.stringify({ correlationId: id })],
    );
    await client.query('commit');
    return id;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = new Koa();
app.use(async (ctx) => {
  if (ctx.method !== 'POST' || ctx.path !== '/transactions') {
    ctx.status = ctx.path === '/healthz' ? 200 : 404;
    return;
  }
  const id = await record(pool, await readJson(ctx.req));
  ctx.status = 202;
  ctx.body = { id, status: 'pending' };
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  void pool.end();
});
