import { AppError } from '@loyalty/platform';
import { DEMO_PASSWORD } from '@loyalty/topology';
import { assertPasswordPolicy } from '../src/index.js';

function refusal(pool: 'customers' | 'staff', password: string): { code: string; detail: string } | null {
  try {
    assertPasswordPolicy(pool, password);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, detail: error.message };
  }
}

describe('password policy', () => {
  it('takes a customer password of 10 characters with a lowercase letter and a digit, and refuses anything less with the rule', () => {
    expect(refusal('customers', 'correct-horse-42')).toBeNull();
    for (const weak of ['short-42', 'no-digits-at-all', 'UPPER-CASE-42']) {
      expect(refusal('customers', weak)).toEqual({
        code: 'PASSWORD_POLICY',
        detail: 'The password needs at least 10 characters, a lowercase letter and a digit',
      });
    }
  });

  it('asks more of staff: 12 characters, upper and lower case, a digit and a symbol', () => {
    expect(refusal('staff', 'Correct-horse-7-battery')).toBeNull();
    const rule = 'The password needs at least 12 characters, a lowercase letter, an uppercase letter, a digit and a symbol';
    for (const weak of ['correct-horse-42', 'Correcthorse7battery', 'Correct-horse-battery', 'Short-7a'])
      expect(refusal('staff', weak)).toEqual({ code: 'PASSWORD_POLICY', detail: rule });
  });

  it('accepts the local demo password in both pools, as AWS would', () => {
    expect(refusal('customers', DEMO_PASSWORD)).toBeNull();
    expect(refusal('staff', DEMO_PASSWORD)).toBeNull();
  });
});
