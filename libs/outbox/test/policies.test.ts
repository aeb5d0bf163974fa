import { exponentialBackoff, parkAfterAttempts } from '../src/index.js';

test('backoff doubles per attempt up to the cap, jittered within the upper half of each step', () => {
  const low = exponentialBackoff({ baseMs: 1_000, maxMs: 10_000, random: () => 0 });
  const high = exponentialBackoff({ baseMs: 1_000, maxMs: 10_000, random: () => 1 });
  expect([1, 2, 3, 4, 5, 6].map(low)).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
  expect([1, 2, 3, 4, 5, 6].map(high)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
});

test('parks once the attempts reach the limit', () => {
  const shouldPark = parkAfterAttempts(3);
  expect([1, 2, 3, 4].map((attempts) => shouldPark(attempts, 'error'))).toEqual([false, false, true, true]);
});
