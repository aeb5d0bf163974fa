import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy/index.js';
import { deadLetterQueueName } from '@loyalty/topology/definition';
import type { Construct } from 'constructs';
import { definedIn, type TopologyDefinition } from './topology-definition.js';

export interface QueueWithDeadLetter {
  queue: SqsQueue;
  deadLetter: SqsQueue;
}

export interface Messaging {
  topics: Record<string, SnsTopic>;
  queues: Record<string, QueueWithDeadLetter>;
}

// The longest retention SQS allows: a dead letter keeps its original enqueue time, so a shorter
// retention on the DLQ than on the source queue would silently drop messages nobody looked at yet.
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

export interface MessagingOptions {
  /** What a dead-letter alarm notifies (the alerts topic). */
  alarmActions?: string[];
}

export function addMessaging(scope: Construct, topology: TopologyDefinition, name: (logicalName: string) => string, options: MessagingOptions = {}): Messaging {
  const topics: Record<string, SnsTopic> = {};
  for (const topic of topology.topics) {
    topics[topic] = new SnsTopic(scope, `topic_${topic}`, { name: name(topic) });
  }

  const queues: Record<string, QueueWithDeadLetter> = {};
  for (const [queue, settings] of Object.entries(topology.queues)) {
    const deadLetter = new SqsQueue(scope, `dlq_${queue}`, {
      name: deadLetterQueueName(name(queue)),
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    queues[queue] = {
      deadLetter,
      queue: new SqsQueue(scope, `queue_${queue}`, {
        name: name(queue),
        visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: settings.maxReceiveCount }),
        sqsManagedSseEnabled: true,
      }),
    };
    new CloudwatchMetricAlarm(scope, `alarm_dlq_${queue}`, {
      alarmName: `${deadLetterQueueName(name(queue))}-not-empty`,
      alarmDescription: `Messages from ${name(queue)} failed ${settings.maxReceiveCount} times and wait in its dead-letter queue.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: deadLetter.name },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      treatMissingData: 'notBreaching',
      ...(options.alarmActions ? { alarmActions: options.alarmActions, okActions: options.alarmActions } : {}),
    });
  }

  for (const subscription of topology.subscriptions) {
    const topic = definedIn(topics, subscription.topic, 'topic');
    const { queue } = definedIn(queues, subscription.queue, 'queue');
    new SnsTopicSubscription(scope, `subscription_${subscription.topic}_${subscription.queue}`, {
      topicArn: topic.arn,
      protocol: 'sqs',
      endpoint: queue.arn,
      rawMessageDelivery: true,
      filterPolicy: subscription.eventTypes ? JSON.stringify({ eventType: subscription.eventTypes }) : undefined,
    });
  }

  for (const [queueName, { queue }] of Object.entries(queues)) {
    const sourceTopics = topology.subscriptions.filter((subscription) => subscription.queue === queueName).map((subscription) => subscription.topic);
    if (sourceTopics.length === 0) continue;
    // A queue has one policy, so every topic that delivers to it goes into the same statement.
    new SqsQueuePolicy(scope, `queue_policy_${queueName}`, {
      queueUrl: queue.url,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'SubscribedTopicsSend',
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: queue.arn,
            Condition: { ArnEquals: { 'aws:SourceArn': [...new Set(sourceTopics)].map((topic) => definedIn(topics, topic, 'topic').arn) } },
          },
        ],
      }),
    });
  }

  return { topics, queues };
}
