import { z } from 'zod';
import { storeParams } from './business-schemas.js';

const timestamp = z.iso.datetime();

export const apiKeyBody = z.object({ name: z.string().trim().min(1).max(200).meta({ description: 'What the key is for, e.g. "Till 2"' }) });
export const apiKeyParams = storeParams.extend({ keyId: z.uuid() });

export const apiKeyView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: 'The start of the key, to recognise it' }),
    storeId: z.uuid(),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable().meta({ description: 'Updated at most once a minute' }),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const issuedApiKeyView = apiKeyView
  .extend({ key: z.string().meta({ description: 'The key itself: shown only in this answer, store it in the terminal now' }) })
  .meta({ id: 'IssuedApiKey' });

export const apiKeyList = z.object({ items: z.array(apiKeyView) }).meta({ id: 'ApiKeyList' });
