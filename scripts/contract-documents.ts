import { clientTypes } from '@loyalty/api-clients/client-types';
import { eventsAsyncApi } from '@loyalty/contracts/asyncapi';
import { deadLetterQueueName, topology } from '@loyalty/topology';
import { adminApi } from '../services/admin/src/entry-points/http/routes.js';
import { customerApi } from '../services/customer/src/entry-points/http/routes.js';

// Routes read their dependencies only while handling a request: describing them needs none.
const describeOnly = {} as never;

/** The OpenAPI documents exactly as each API serves them at /openapi.json. */
export function openApiDocuments() {
  return { admin: adminApi(describeOnly).document(), customer: customerApi(describeOnly).document() };
}

export function eventsDocument() {
  return eventsAsyncApi(
    topology.subscriptions.map((subscription) => ({
      ...subscription,
      deadLetterQueue: deadLetterQueueName(subscription.queue),
      maxReceiveCount: topology.queues[subscription.queue].maxReceiveCount,
    })),
  );
}

/** Every generated contract file by its path in the repository: what `npm run contracts` writes and the tests compare. */
export async function contractFiles(): Promise<Record<string, string>> {
  const { admin, customer } = openApiDocuments();
  const json = (document: object) => `${JSON.stringify(document, null, 2)}\n`;
  return {
    'docs/contracts/admin.openapi.json': json(admin),
    'docs/contracts/customer.openapi.json': json(customer),
    'docs/contracts/events.asyncapi.json': json(eventsDocument()),
    'libs/api-clients/src/admin.ts': await clientTypes(admin, 'docs/contracts/admin.openapi.json'),
    'libs/api-clients/src/customer.ts': await clientTypes(customer, 'docs/contracts/customer.openapi.json'),
  };
}
