import { randomUUID } from 'node:crypto';
import { fillCampaignTemplate, signUnsubscribeToken, unknownPlaceholders, verifyUnsubscribeToken } from '../src/index.js';

const secret = 'unit-test-unsubscribe-secret-of-32-characters';

test('an unsubscribe token names its customer and business, and only our secret makes one', () => {
  const customerId = randomUUID();
  const businessId = randomUUID();
  const token = signUnsubscribeToken(customerId, businessId, secret);
  expect(verifyUnsubscribeToken(token, secret)).toEqual({ valid: true, customerId, businessId });
  expect(verifyUnsubscribeToken(token, `${secret}x`)).toEqual({ valid: false });
  // Someone else's id spliced into a real token keeps a signature that no longer matches.
  expect(verifyUnsubscribeToken(token.replace(customerId, randomUUID()), secret)).toEqual({ valid: false });
  expect(verifyUnsubscribeToken('U1.not-a-token', secret)).toEqual({ valid: false });
});

test('campaign placeholders: the documented ones are filled, anything else is reported', () => {
  expect(fillCampaignTemplate('Hi {{name}}, {{ balance }} on {{program}}', { name: 'Ada', balance: '4', program: 'Coffee Club' })).toBe(
    'Hi Ada, 4 on Coffee Club',
  );
  expect(unknownPlaceholders('Hi {{nmae}} and {{name}} and {{Program}}')).toEqual(['nmae', 'Program']);
});
