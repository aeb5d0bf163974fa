import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Answer } from './http.js';
import { CardBook, type Expectation } from './model.js';
import type { Random } from './random.js';
import type { Shop } from './setup.js';

export type WriteKind = 'visit' | 'purchase' | 'redemption' | 'void' | 'refund';

/** What the client was finally told about one write. */
export type Told =
  | { type: 'accepted'; transactionId: string; settled: 'applied' | 'rejected'; code?: string }
  | { type: 'rejected'; status: number; code: string }
  | { type: 'unanswered'; lastError: string };

export interface WriteRecord {
  posTransactionId: string;
  cardId: string;
  kind: WriteKind;
  expected: Expectation;
  told: Told;
  /** Answers that were no answer (network error, timeout, 5xx, 429) before the real one; each was retried with the same posTransactionId. */
  unknowns: number;
  /** Why each of those was no answer: 'HTTP 503', 'fetch failed', 'timeout'… */
  noAnswers: Record<string, number>;
  /** Told 202 and learned the outcome by polling the transaction. */
  polled: boolean;
}

export interface WorkloadResult {
  records: WriteRecord[];
  books: CardBook[];
  /** What the client saw that contradicts the rules (e.g. applied where it expected a rejection). */
  surprises: string[];
  wallMs: number;
}

export interface WorkloadOptions {
  adminUrl: string;
  shop: Shop;
  writes: number;
  concurrency: number;
  random: Random;
  /** Writes go on past the target until this says the faults are over too. */
  keepGoing: () => boolean;
  /** Called once, when the target number of writes has been issued (or the time is up). */
  onTarget: () => void;
  /** Stop at this many seconds even short of the target (the short run's time box). */
  maxSeconds?: number;
  log: (line: string) => void;
}

const ANSWER_DEADLINE_MS = 240_000;

/**
 * A POS client: each write carries its own posTransactionId and is retried with that same id until
 * the system gives an answer (2xx, or a 4xx with a code). A card has at most one write in flight, so
 * its book is exact; the client moves to another card while one waits for its settlement.
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadResult> {
  const { shop, random, log } = options;
  const books = shop.cards.map((card) => new CardBook(card));
  const busy = new Set<string>();
  const records: WriteRecord[] = [];
  const surprises: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let issued = 0;
  const began = performance.now();
  const client = posClient(options);
  let reached = false;
  const targetReached = () => {
    if (!reached && (issued >= options.writes || (options.maxSeconds !== undefined && performance.now() - began > options.maxSeconds * 1000))) {
      reached = true;
      options.onTarget();
    }
    return reached;
  };

  const runOne = async (book: CardBook) => {
    const planned = plan(book, random);
    if (planned.prepare && !(await planned.prepare())) {
      surprises.push(`card ${book.card.id}: the book says ${book.rewardsAvailable} reward(s) to redeem, the card look-up shows none`);
      return;
    }
    const seq = issued++;
    const posTransactionId = `chaos-${random.seed}-${seq}`;
    const wait = random.chance(0.5);
    const record = await client.write(posTransactionId, planned.body(shop), wait);
    const full: WriteRecord = { ...record, cardId: book.card.id, kind: planned.kind, expected: planned.expected };
    records.push(full);
    const { told, expected } = full;
    const applied = told.type === 'accepted' && told.settled === 'applied';
    if (expected.applies && applied) {
      book.apply(expected);
      planned.onApplied?.(told.type === 'accepted' ? told.transactionId : '');
    } else if (expected.applies !== applied) {
      surprises.push(`${posTransactionId} (${planned.kind} on card ${book.card.id}): expected ${JSON.stringify(expected)}, told ${JSON.stringify(told)}`);
    }
    if (records.length % 500 === 0) log(`workload: ${records.length} writes answered, ${issued} issued`);
  };

  const worker = async (index: number) => {
    const mine = books.filter((_, position) => position % options.concurrency === index);
    while (!targetReached() || options.keepGoing()) {
      const free = mine.filter((book) => !busy.has(book.card.id));
      if (free.length === 0) {
        await sleep(50);
        continue;
      }
      const book = random.pick(free);
      busy.add(book.card.id);
      const done = runOne(book).finally(() => {
        busy.delete(book.card.id);
        inFlight.delete(done);
      });
      inFlight.add(done);
      // A till waits for its answer; the worker goes on only once this write has left the pending state or been answered.
      await Promise.race([done, sleep(client.patienceMs)]);
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => worker(index)));
  await Promise.all(inFlight);
  return { records, books, surprises, wallMs: performance.now() - began };

  function plan(book: CardBook, rnd: Random): Planned {
    return book.card.kind === 'stamp' ? planStamp(book, rnd, client) : planPoints(book, rnd);
  }
}

interface Planned {
  kind: WriteKind;
  expected: Expectation;
  body: (shop: Shop) => Record<string, unknown>;
  /** Runs before the write, as the till's look-up does; false: nothing to write after all. */
  prepare?: () => Promise<boolean>;
  onApplied?: (transactionId: string) => void;
}

function planStamp(book: CardBook, random: Random, client: PosClient): Planned {
  const roll = random.next();
  const open = book.openEarnings();
  if (roll < 0.12 && open.length > 0) {
    const earning = random.pick(open);
    const expected = book.expectVoid(earning);
    earning.reversed = true;
    return { kind: 'void', expected, body: (shop) => ({ kind: 'void', reversesTransactionId: earning.transactionId, storeId: shop.storeId }) };
  }
  if (roll < 0.3 && book.rewardsAvailable > 0) {
    let rewardId: string | undefined;
    return {
      kind: 'redemption',
      expected: book.expectStampRedemption(),
      prepare: async () => {
        rewardId = await client.unlockedReward(book);
        return rewardId !== undefined;
      },
      body: (shop) => ({ kind: 'redemption', cardId: book.card.id, storeId: shop.storeId, rewardId }),
      onApplied: () => rewardId && book.redeemedRewardIds.add(rewardId),
    };
  }
  const expected = book.expectVisit();
  return {
    kind: 'visit',
    expected,
    body: (shop) => ({ kind: 'visit', cardId: book.card.id, storeId: shop.storeId }),
    onApplied: (transactionId) => book.earnings.push({ transactionId, amount: 0, earned: 1, reversed: false }),
  };
}

function planPoints(book: CardBook, random: Random): Planned {
  const roll = random.next();
  const open = book.openEarnings();
  if (roll < 0.1 && open.length > 0) {
    const earning = random.pick(open);
    const expected = book.expectVoid(earning);
    earning.reversed = true;
    return { kind: 'void', expected, body: (shop) => ({ kind: 'void', reversesTransactionId: earning.transactionId, storeId: shop.storeId }) };
  }
  if (roll < 0.2 && open.length > 0) {
    const earning = random.pick(open);
    const refundAmount = random.int(1, earning.amount);
    const expected = book.expectRefund(earning, refundAmount);
    earning.reversed = true;
    return {
      kind: 'refund',
      expected,
      body: (shop) => ({ kind: 'refund', reversesTransactionId: earning.transactionId, refundAmount, storeId: shop.storeId }),
    };
  }
  if (roll < 0.35) {
    return {
      kind: 'redemption',
      expected: book.expectCatalogRedemption(),
      body: (shop) => ({ kind: 'redemption', cardId: book.card.id, storeId: shop.storeId, catalogRewardId: shop.catalogRewardId }),
    };
  }
  if (roll < 0.38) {
    return { kind: 'visit', expected: book.expectVisit(), body: (shop) => ({ kind: 'visit', cardId: book.card.id, storeId: shop.storeId }) };
  }
  const amount = random.int(100, 8_000);
  return {
    kind: 'purchase',
    expected: book.expectPurchase(amount),
    body: (shop) => ({ kind: 'purchase', cardId: book.card.id, storeId: shop.storeId, amount, currency: 'EUR' }),
    onApplied: (transactionId) => book.earnings.push({ transactionId, amount, earned: Math.floor(amount / 100), reversed: false }),
  };
}

interface PosClient {
  patienceMs: number;
  write(
    posTransactionId: string,
    body: Record<string, unknown>,
    wait: boolean,
  ): Promise<Pick<WriteRecord, 'posTransactionId' | 'told' | 'unknowns' | 'polled' | 'noAnswers'>>;
  /** An unlocked stamp reward of the card the book has not redeemed, as the card look-up shows it. */
  unlockedReward(book: CardBook): Promise<string | undefined>;
}

interface CardLookup {
  availableRewards: { type: 'stamp' | 'catalog'; rewardId: string | null }[];
}

interface TransactionView {
  id: string;
  status: 'pending' | 'applied' | 'rejected';
  rejection: { code: string } | null;
  code?: string;
}

function posClient({ adminUrl, shop }: WorkloadOptions): PosClient {
  const transactions = `${adminUrl}/businesses/${shop.businessId}/transactions`;

  const isNoAnswer = (answer: Answer<TransactionView>) => answer.status >= 500 || answer.status === 429;

  const settle = async (
    transactionId: string,
  ): Promise<{ settled: 'applied' | 'rejected'; code?: string; unknowns: number; reasons: Record<string, number> }> => {
    let unknowns = 0;
    const reasons: Record<string, number> = {};
    const failed = (reason: string) => {
      unknowns++;
      reasons[`poll: ${reason}`] = (reasons[`poll: ${reason}`] ?? 0) + 1;
    };
    const deadline = Date.now() + ANSWER_DEADLINE_MS;
    while (Date.now() < deadline) {
      try {
        const answer = await request<TransactionView>(`${transactions}/${transactionId}`, 'GET', { token: shop.staffToken });
        // The transaction answers 202 while it is pending, 200 once settled.
        const readable = answer.status === 200 || answer.status === 202;
        if (readable && answer.body.status !== 'pending') {
          return { settled: answer.body.status, code: answer.body.rejection?.code, unknowns, reasons };
        }
        if (!readable) failed(`HTTP ${answer.status}${typeof answer.body.code === 'string' ? ` ${answer.body.code}` : ''}`);
      } catch (error) {
        failed(error instanceof Error ? (error.name === 'TimeoutError' ? 'timeout' : error.message) : String(error));
      }
      await sleep(300);
    }
    throw new Error(`transaction ${transactionId} still pending after ${ANSWER_DEADLINE_MS / 1000} s`);
  };

  return {
    patienceMs: 6_000,
    async unlockedReward(book) {
      const deadline = Date.now() + ANSWER_DEADLINE_MS;
      while (Date.now() < deadline) {
        try {
          const answer = await request<CardLookup>(
            `${adminUrl}/businesses/${shop.businessId}/cards/lookup?number=${encodeURIComponent(book.card.number)}`,
            'GET',
            {
              token: shop.staffToken,
            },
          );
          if (answer.status === 200) {
            return (
              answer.body.availableRewards.find((reward) => reward.type === 'stamp' && reward.rewardId && !book.redeemedRewardIds.has(reward.rewardId))
                ?.rewardId ?? undefined
            );
          }
        } catch {
          // The system is mid-fault: look again.
        }
        await sleep(500);
      }
      return undefined;
    },
    async write(posTransactionId, body, wait) {
      let unknowns = 0;
      let lastError = '';
      const noAnswers: Record<string, number> = {};
      const noAnswer = (reason: string) => {
        unknowns++;
        lastError = reason;
        noAnswers[reason] = (noAnswers[reason] ?? 0) + 1;
      };
      const deadline = Date.now() + ANSWER_DEADLINE_MS;
      while (Date.now() < deadline) {
        try {
          const answer = await request<TransactionView>(transactions, 'POST', {
            apiKey: shop.apiKey,
            body: { ...body, posTransactionId },
            headers: wait ? { prefer: 'wait=5' } : {},
          });
          if (isNoAnswer(answer)) {
            noAnswer(`HTTP ${answer.status}${typeof answer.body.code === 'string' ? ` ${answer.body.code}` : ''}`);
          } else if (answer.status === 200 || answer.status === 202) {
            if (answer.body.status !== 'pending') {
              return {
                posTransactionId,
                told: { type: 'accepted', transactionId: answer.body.id, settled: answer.body.status, code: answer.body.rejection?.code },
                unknowns,
                noAnswers,
                polled: false,
              };
            }
            const outcome = await settle(answer.body.id);
            return {
              posTransactionId,
              told: { type: 'accepted', transactionId: answer.body.id, settled: outcome.settled, code: outcome.code },
              unknowns: unknowns + outcome.unknowns,
              noAnswers: { ...noAnswers, ...outcome.reasons },
              polled: true,
            };
          } else {
            return {
              posTransactionId,
              told: { type: 'rejected', status: answer.status, code: String(answer.body.code ?? `HTTP_${answer.status}`) },
              unknowns,
              noAnswers,
              polled: false,
            };
          }
        } catch (error) {
          noAnswer(error instanceof Error ? (error.name === 'TimeoutError' ? 'timeout' : error.message) : String(error));
        }
        await sleep(Math.min(2_000, 100 * 2 ** Math.min(unknowns, 5)));
      }
      return { posTransactionId, told: { type: 'unanswered', lastError }, unknowns, noAnswers, polled: false };
    },
  };
}
