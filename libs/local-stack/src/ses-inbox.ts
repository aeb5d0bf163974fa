/** One message as aws-ses-v2-local's `GET /store` returns it. */
export interface CapturedEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  headers?: { name: string; value: string }[];
  /** Epoch seconds. */
  at: number;
}

export interface SesInbox {
  list(): Promise<CapturedEmail[]>;
  clear(): Promise<void>;
}

export function sesInbox(endpoint: string): SesInbox {
  return {
    list: async () => {
      const { emails } = (await call(endpoint, 'GET', '/store')) as { emails: CapturedEmail[] };
      return emails;
    },
    clear: async () => {
      await call(endpoint, 'POST', '/clear-store');
    },
  };
}

async function call(endpoint: string, method: string, path: string): Promise<unknown> {
  const response = await fetch(new URL(path, endpoint), { method });
  if (!response.ok) throw new Error(`${method} ${path} on the SES emulator answered ${response.status}`);
  return response.json();
}
