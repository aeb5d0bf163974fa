import { requestWindow } from '../src/request-window.js';

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('runs at most its size at once and starts the waiting requests in the order they asked, one per settled slot', async () => {
  const inWindow = requestWindow(2);
  const gates = Array.from({ length: 5 }, deferred);
  const started: number[] = [];
  const requests = gates.map((gate, i) =>
    inWindow(async () => {
      started.push(i);
      await gate.promise;
      return i;
    }).catch((error: Error) => error.message),
  );
  await settle();
  expect(started).toEqual([0, 1]);

  gates[1]!.resolve();
  await settle();
  expect(started).toEqual([0, 1, 2]);

  gates[0]!.reject(new Error('refused'));
  await settle();
  expect(started).toEqual([0, 1, 2, 3]);

  for (const gate of gates) gate.resolve();
  expect(await Promise.all(requests)).toEqual(['refused', 1, 2, 3, 4]);
});

test('a request that throws before its first await still frees its slot', async () => {
  const inWindow = requestWindow(1);
  await expect(
    inWindow(() => {
      throw new Error('at once');
    }),
  ).rejects.toThrow('at once');
  expect(await inWindow(async () => 'next')).toBe('next');
});
