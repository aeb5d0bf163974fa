import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { deadLetterQueueName, physicalName, topology } from '@loyalty/topology';
import { ENVIRONMENT, parseJson, synthesize } from './support/synthesized.js';

const name = (logicalName: string) => physicalName(ENVIRONMENT, logicalName);
const synthesized = synthesize();

describe('queues', () => {
  it.each(Object.entries(topology.queues))(
    '%s has an encrypted queue whose redrive policy moves a message to its DLQ after maxReceiveCount',
    (queue, settings) => {
      const resource = synthesized.resource('aws_sqs_queue', 'name', name(queue));
      expect(resource).toMatchObject({ visibility_timeout_seconds: settings.visibilityTimeoutSeconds, sqs_managed_sse_enabled: true });

      const redrive = parseJson(resource.redrive_policy) as { deadLetterTargetArn: string; maxReceiveCount: number };
      expect(redrive.maxReceiveCount).toBe(settings.maxReceiveCount);
      expect(synthesized.referenced(redrive.deadLetterTargetArn)).toMatchObject({ name: deadLetterQueueName(name(queue)), sqs_managed_sse_enabled: true });
    },
  );

  it('has no queue that is not in the definition', () => {
    const names = Object.values(synthesized.resources('aws_sqs_queue')).map((resource) => resource.name);
    const expected = Object.keys(topology.queues).flatMap((queue) => [name(queue), deadLetterQueueName(name(queue))]);
    expect(names.sort()).toEqual(expected.sort());
  });

  it.each(Object.keys(topology.queues))('%s has an alarm, emailed to the alerts topic, as soon as its DLQ holds a message', (queue) => {
    expect(synthesized.json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: `\${aws_sqs_queue.dlq_${queue}.name}` },
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      alarm_actions: ['${aws_sns_topic.alerts.arn}'],
    });
  });
});

describe('subscriptions', () => {
  it.each(topology.subscriptions.map((subscription) => [`${subscription.topic} -> ${subscription.queue}`, subscription] as const))(
    '%s delivers raw messages filtered on the defined event types',
    (_, subscription) => {
      const matches = Object.values(synthesized.resources('aws_sns_topic_subscription')).filter(
        (resource) =>
          synthesized.referenced(resource.topic_arn).name === name(subscription.topic) &&
          synthesized.referenced(resource.endpoint).name === name(subscription.queue),
      );
      expect(matches).toHaveLength(1);
      const [resource] = matches;
      expect(resource).toMatchObject({ protocol: 'sqs', raw_message_delivery: true });
      if (subscription.eventTypes) expect(parseJson(resource?.filter_policy)).toEqual({ eventType: subscription.eventTypes });
      else expect(resource).not.toHaveProperty('filter_policy');
    },
  );

  it('has no subscription that is not in the definition, besides the alerts email', () => {
    const subscriptions = Object.values(synthesized.resources('aws_sns_topic_subscription'));
    expect(subscriptions.filter((resource) => resource.protocol === 'sqs')).toHaveLength(topology.subscriptions.length);
    const emails = subscriptions.filter((resource) => resource.protocol !== 'sqs');
    expect(emails.map((resource) => [resource.protocol, synthesized.referenced(resource.topic_arn).name])).toEqual([
      ['email', name('alerts')],
      ['email', name('alerts')],
    ]);
  });

  it('follows the definition when an event type is added to it', () => {
    const modified = {
      ...topology,
      subscriptions: topology.subscriptions.map((subscription) =>
        subscription.queue === 'email' ? { ...subscription, eventTypes: [...(subscription.eventTypes ?? []), 'points.expired'] } : subscription,
      ),
    };
    const emailTypes = topology.subscriptions.find((subscription) => subscription.queue === 'email')?.eventTypes ?? [];
    expect(emailTypes).not.toContain('points.expired');
    const before = synthesized.resources('aws_sns_topic_subscription').subscription_loyalty_email;
    expect(parseJson(before?.filter_policy)).toEqual({ eventType: emailTypes });

    expect(synthesize({ topology: modified }).json).toHaveResourceWithProperties(SnsTopicSubscription, {
      topic_arn: '${aws_sns_topic.topic_loyalty.arn}',
      endpoint: '${aws_sqs_queue.queue_email.arn}',
      filter_policy: JSON.stringify({ eventType: [...emailTypes, 'points.expired'] }),
    });
  });
});

describe('queue policies', () => {
  const subscribedQueues = Object.keys(topology.queues).filter((queue) => topology.subscriptions.some((subscription) => subscription.queue === queue));

  it('exist exactly for the queues some topic delivers to', () => {
    const policyQueues = Object.values(synthesized.resources('aws_sqs_queue_policy')).map((resource) => synthesized.referenced(resource.queue_url).name);
    expect(policyQueues.sort()).toEqual(subscribedQueues.map(name).sort());
  });

  it.each(subscribedQueues)('%s accepts SendMessage from exactly the topics subscribed to it', (queue) => {
    const policyResource = Object.values(synthesized.resources('aws_sqs_queue_policy')).find(
      (resource) => synthesized.referenced(resource.queue_url).name === name(queue),
    );
    const policy = parseJson(policyResource?.policy) as {
      Statement: { Effect: string; Principal: unknown; Action: string; Resource: string; Condition: { ArnEquals: { 'aws:SourceArn': string[] } } }[];
    };
    expect(policy.Statement).toHaveLength(1);
    const [statement] = policy.Statement;
    expect(statement).toMatchObject({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage' });
    expect(synthesized.referenced(statement?.Resource).name).toBe(name(queue));

    const allowedTopics = statement?.Condition.ArnEquals['aws:SourceArn'].map((arn) => synthesized.referenced(arn).name);
    const subscribedTopics = topology.subscriptions.filter((subscription) => subscription.queue === queue).map((subscription) => name(subscription.topic));
    expect(allowedTopics?.sort()).toEqual([...new Set(subscribedTopics)].sort());
  });
});

it("creates every topic of the definition, and the alerts topic (again in us-east-1 for CloudFront's alarms)", () => {
  const topics = Object.values(synthesized.resources('aws_sns_topic'));
  const inStackRegion = topics.filter((resource) => resource.region === undefined).map((resource) => resource.name);
  expect(inStackRegion.sort()).toEqual([...topology.topics, 'alerts'].map(name).sort());
  expect(topics.filter((resource) => resource.region !== undefined)).toEqual([expect.objectContaining({ name: name('alerts'), region: 'us-east-1' })]);
});
