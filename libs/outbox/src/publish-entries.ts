import type { PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { OutboxRow } from './outbox-row.js';

// SNS PublishBatch limits: 10 entries and 256 KiB for the whole request (bodies plus attributes).
const maxEntries = 10;
const maxBytes = 256 * 1024;

export interface PublishEntry {
  row: OutboxRow;
  entry: PublishBatchRequestEntry;
}

export function toPublishEntry(row: OutboxRow): PublishEntry {
  return {
    row,
    entry: {
      Id: row.id,
      Message: JSON.stringify(row.envelope),
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: row.envelope.type },
        businessId: { DataType: 'String', StringValue: row.envelope.businessId },
      },
    },
  };
}

function entryBytes({ entry }: PublishEntry): number {
  let bytes = Buffer.byteLength(entry.Message ?? '');
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '') + Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

/** Splits one topic's entries into requests SNS accepts. An entry too big on its own gets a request of its own, and fails there. */
export function chunkEntries(entries: PublishEntry[]): PublishEntry[][] {
  const chunks: PublishEntry[][] = [];
  let current: PublishEntry[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    const bytes = entryBytes(entry);
    if (current.length > 0 && (current.length === maxEntries || currentBytes + bytes > maxBytes)) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
