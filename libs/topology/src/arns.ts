import { physicalName, type TopicName } from './topology.js';

export interface AccountScope {
  region: string;
  accountId: string;
  prefix: string;
}

/** Topic ARNs follow from account, region and name: a publisher needs no lookup (nor the permission for one). */
export function topicArn(scope: AccountScope, topic: TopicName | string): string {
  return `arn:aws:sns:${scope.region}:${scope.accountId}:${physicalName(scope.prefix, topic)}`;
}
