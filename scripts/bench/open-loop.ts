import { Agent, request } from 'node:http';
import { runClosedLoop, runOpenLoop, type Outcome, type Send } from './load-generator.js';
import type { LoadPlan, RequestTemplate } from './load-plan.js';

/**
 * The load-generator process (started by runLoadInChild): takes one LoadPlan over IPC, runs it with
 * keep-alive connections, sends the LoadReport back and exits. node:http rather than fetch: it costs
 * less CPU per request, and this process shares the machine's two cores with what it measures.
 */
function httpSender(template: RequestTemplate, connections: number): { send: Send; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(template.url);
  const cards = template.cards ?? [];
  const epochNow = () => performance.timeOrigin + performance.now();
  const send: Send = (seq) =>
    new Promise<Outcome>((resolve) => {
      const sentAtMs = epochNow();
      const body = template.body?.replaceAll('{{seq}}', String(seq)).replaceAll('{{card}}', cards[seq % Math.max(1, cards.length)] ?? '');
      const headers =
        body === undefined ? template.headers : { ...template.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      const outgoing = request(url, { method: template.method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const ok = status === template.okStatus;
          const outcome: Outcome = ok ? { ok, status } : { ok, status, detail: Buffer.concat(chunks).toString('utf8').slice(0, 300) };
          const serverTiming = [response.headers['server-timing'] ?? []].flat().join(', ');
          resolve(template.recordAnswers ? { ...outcome, answer: { sentAtMs, answeredAtMs: epochNow(), ...(serverTiming ? { serverTiming } : {}) } } : outcome);
        });
        response.on('error', (error) => resolve({ ok: false, status: 0, detail: error.message }));
      });
      outgoing.setTimeout(template.timeoutMs ?? 30_000, () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', (error) => resolve({ ok: false, status: 0, detail: error.message }));
      outgoing.end(body);
    });
  return { send, close: () => agent.destroy() };
}

process.once('message', async (message) => {
  const plan = message as LoadPlan;
  const sender = httpSender(plan.request, plan.mode === 'open' ? (plan.connections ?? 512) : plan.concurrency);
  const report =
    plan.mode === 'open'
      ? await runOpenLoop({ perSecond: plan.perSecond, durationMs: plan.durationMs, graceMs: plan.graceMs }, sender.send)
      : await runClosedLoop({ concurrency: plan.concurrency, durationMs: plan.durationMs }, sender.send);
  sender.close();
  process.send?.(report, () => process.exit(0));
});
