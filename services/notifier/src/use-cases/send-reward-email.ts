import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EventPayload } from '@loyalty/contracts';
import { rewardUnlockedEmail } from '../templates/reward-unlocked.js';

export interface Mailer {
  ses: SESv2Client;
  fromAddress: string;
}

export async function sendRewardEmail(mailer: Mailer, reward: EventPayload<'reward.unlocked'>, eventId: string): Promise<void> {
  const content = rewardUnlockedEmail(reward);
  await mailer.ses.send(
    new SendEmailCommand({
      FromEmailAddress: mailer.fromAddress,
      Destination: { ToAddresses: [reward.customer.email] },
      Content: {
        Simple: {
          Subject: { Data: content.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: content.text, Charset: 'UTF-8' }, Html: { Data: content.html, Charset: 'UTF-8' } },
        },
      },
      EmailTags: [{ Name: 'eventId', Value: eventId }],
    }),
  );
}
