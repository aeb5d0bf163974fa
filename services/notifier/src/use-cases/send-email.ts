import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailContent } from '../templates/email-content.js';

export interface Mailer {
  ses: SESv2Client;
  fromAddress: string;
}

export interface SendOptions {
  /** SES message tags (in its event stream), e.g. the event or trigger that caused the mail. */
  tags: Record<string, string>;
  headers?: { name: string; value: string }[];
}

export async function sendEmail(mailer: Mailer, to: string, content: EmailContent, { tags, headers }: SendOptions): Promise<void> {
  await mailer.ses.send(
    new SendEmailCommand({
      FromEmailAddress: mailer.fromAddress,
      Destination: { ToAddresses: [to] },
      Content: {
        Simple: {
          Subject: { Data: content.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: content.text, Charset: 'UTF-8' }, Html: { Data: content.html, Charset: 'UTF-8' } },
          ...(headers ? { Headers: headers.map(({ name, value }) => ({ Name: name, Value: value })) } : {}),
        },
      },
      EmailTags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
}
