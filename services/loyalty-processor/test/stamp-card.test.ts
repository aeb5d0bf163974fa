import { addStamps } from '../src/domain/stamp-card.js';

describe('addStamps', () => {
  it('adds a stamp below a full card without unlocking anything', () => {
    expect(addStamps(3, 1, 5)).toEqual({ movements: [{ kind: 'stamp.earned', stamps: 1 }], stampsAfter: 4, rewardsUnlocked: 0 });
  });

  it('converts a full card into a reward and starts the next card at zero', () => {
    expect(addStamps(4, 1, 5)).toEqual({
      movements: [{ kind: 'stamp.earned', stamps: 1 }, { kind: 'stamps.converted', stamps: -5 }],
      stampsAfter: 0,
      rewardsUnlocked: 1,
    });
  });

  it('carries stamps beyond a full card over, and fills several cards at once', () => {
    const outcome = addStamps(2, 9, 4);
    expect(outcome.rewardsUnlocked).toBe(2);
    expect(outcome.stampsAfter).toBe(3);
    expect(outcome.movements.reduce((sum, m) => sum + m.stamps, 2)).toBe(outcome.stampsAfter);
  });
});
