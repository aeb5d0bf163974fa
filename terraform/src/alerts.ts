import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import type { Construct } from 'constructs';
import { EDGE_REGION } from './edge.js';

export interface AlertsProps {
  name: (logicalName: string) => string;
  email: string;
  region: string;
}

export interface Alerts {
  /** For alarms in the stack's region. */
  topicArn: string;
  /** For alarms in us-east-1 (CloudFront's metrics): the same topic when the stack is there. */
  edgeTopicArn: string;
}

/**
 * Where every alarm goes: an SNS topic emailing the team. An alarm can only notify a topic of its own
 * region, so a stack outside us-east-1 gets a second topic there for the CloudFront alarms. Each email
 * subscription must be confirmed from the email AWS sends once.
 */
export function addAlerts(scope: Construct, props: AlertsProps): Alerts {
  const topic = (id: string, region?: string) => {
    const created = new SnsTopic(scope, id, { name: props.name('alerts'), ...(region ? { region } : {}) });
    new SnsTopicSubscription(scope, `${id}_email`, { topicArn: created.arn, protocol: 'email', endpoint: props.email, ...(region ? { region } : {}) });
    return created.arn;
  };
  const topicArn = topic('alerts');
  return { topicArn, edgeTopicArn: props.region === EDGE_REGION ? topicArn : topic('alerts_edge', EDGE_REGION) };
}
