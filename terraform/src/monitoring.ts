import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter/index.js';
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import type { Construct } from 'constructs';
import { EDGE_REGION } from './edge.js';
import type { DatabaseOutputs } from './stack-seams.js';

export interface MonitoredQueue {
  name: string;
  deadLetterName: string;
}

export interface MonitoringProps {
  name: (logicalName: string) => string;
  region: string;
  /** The alerts topic of the stack's region. */
  alertsTopicArn: string;
  /** Physical Lambda function names. */
  functionNames: string[];
  queues: MonitoredQueue[];
  database: DatabaseOutputs;
  /** CloudFront distribution ids, by API ("customer", "admin"); their 5xx alarms live with the edge. */
  distributionIds: Readonly<Record<string, string>>;
  /** "app/<name>/<id>" once the growth phase's load balancer exists. */
  loadBalancerArnSuffix?: string;
  /** The ECS services' log group (/ecs/loyalty-<env>), where the outbox relay logs its backlog. */
  ecsLogGroupName: string;
}

/** What the relay logs every minute (libs/outbox backlog report), and the metric made of it. */
export const OUTBOX_BACKLOG = {
  message: 'outbox backlog',
  field: 'oldestPendingAgeSeconds',
  metricName: 'OutboxOldestPendingAgeSeconds',
  /** A row the relay has not published for this long means SNS or the relay is down. */
  alarmAfterSeconds: 300,
};

const RDS_CPU_PERCENT = 80;
// db.t3.micro starts with 20 GiB: 2 GiB left is days of warning, not hours.
const RDS_FREE_STORAGE_BYTES = 2 * 1024 ** 3;
const LOAD_BALANCER_5XX_PER_5_MINUTES = 10;

export function addMonitoring(scope: Construct, props: MonitoringProps): void {
  const namespace = `Loyalty/${props.name('platform')}`;
  const alarm = (id: string, config: Omit<CloudwatchMetricAlarmConfig, 'alarmActions' | 'okActions'>) =>
    new CloudwatchMetricAlarm(scope, id, { ...config, alarmActions: [props.alertsTopicArn], okActions: [props.alertsTopicArn] });
  const fiveMinutes = { period: 300, evaluationPeriods: 1 };

  for (const functionName of props.functionNames) {
    for (const metricName of ['Errors', 'Throttles']) {
      alarm(`alarm_${functionName.replaceAll('-', '_')}_${metricName.toLowerCase()}`, {
        alarmName: `${functionName}-${metricName.toLowerCase()}`,
        alarmDescription: `${functionName} reported ${metricName.toLowerCase()}: failed batches retry and end in the DLQ.`,
        namespace: 'AWS/Lambda',
        metricName,
        dimensions: { FunctionName: functionName },
        statistic: 'Sum',
        ...fiveMinutes,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
        treatMissingData: 'notBreaching',
      });
    }
  }

  const db = { DBInstanceIdentifier: props.database.instanceIdentifier };
  alarm('alarm_rds_cpu', {
    alarmName: `${props.name('database')}-cpu`,
    alarmDescription: `The database's CPU stayed above ${RDS_CPU_PERCENT}% for 15 minutes.`,
    namespace: 'AWS/RDS',
    metricName: 'CPUUtilization',
    dimensions: db,
    statistic: 'Average',
    period: 300,
    evaluationPeriods: 3,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: RDS_CPU_PERCENT,
    treatMissingData: 'breaching',
  });
  alarm('alarm_rds_free_storage', {
    alarmName: `${props.name('database')}-free-storage`,
    alarmDescription: 'The database has less than 2 GiB of storage left.',
    namespace: 'AWS/RDS',
    metricName: 'FreeStorageSpace',
    dimensions: db,
    statistic: 'Minimum',
    ...fiveMinutes,
    comparisonOperator: 'LessThanThreshold',
    threshold: RDS_FREE_STORAGE_BYTES,
    treatMissingData: 'breaching',
  });

  if (props.loadBalancerArnSuffix) {
    for (const [id, metricName, source] of [
      ['alarm_alb_target_5xx', 'HTTPCode_Target_5XX_Count', 'the APIs'],
      ['alarm_alb_5xx', 'HTTPCode_ELB_5XX_Count', 'the load balancer (no healthy API task)'],
    ] as const) {
      alarm(id, {
        alarmName: `${props.name('api')}-${metricName.toLowerCase().replaceAll('_', '-')}`,
        alarmDescription: `More than ${LOAD_BALANCER_5XX_PER_5_MINUTES} 5xx answers from ${source} in 5 minutes.`,
        namespace: 'AWS/ApplicationELB',
        metricName,
        dimensions: { LoadBalancer: props.loadBalancerArnSuffix },
        statistic: 'Sum',
        ...fiveMinutes,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: LOAD_BALANCER_5XX_PER_5_MINUTES,
        treatMissingData: 'notBreaching',
      });
    }
  }

  new CloudwatchLogMetricFilter(scope, 'outbox_backlog_metric', {
    name: props.name('outbox-backlog'),
    logGroupName: props.ecsLogGroupName,
    pattern: `{ $.msg = "${OUTBOX_BACKLOG.message}" }`,
    metricTransformation: { name: OUTBOX_BACKLOG.metricName, namespace, value: `$.${OUTBOX_BACKLOG.field}`, unit: 'Seconds' },
  });
  alarm('alarm_outbox_backlog', {
    alarmName: `${props.name('outbox')}-backlog`,
    alarmDescription: `An outbox row has waited more than ${OUTBOX_BACKLOG.alarmAfterSeconds} s to be published, or no relay reports at all (docs/outbox.md).`,
    namespace,
    metricName: OUTBOX_BACKLOG.metricName,
    statistic: 'Maximum',
    period: 300,
    evaluationPeriods: 2,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: OUTBOX_BACKLOG.alarmAfterSeconds,
    // Every running relay reports every minute, so silence means no relay runs.
    treatMissingData: 'breaching',
  });

  new CloudwatchDashboard(scope, 'dashboard', {
    dashboardName: props.name('platform'),
    dashboardBody: JSON.stringify({ widgets: dashboardWidgets(props, namespace) }),
  });
}

type MetricLine = (string | Record<string, string>)[];

function dashboardWidgets(props: MonitoringProps, namespace: string) {
  const graph = (title: string, metrics: MetricLine[], options: { stat?: string; region?: string } = {}) => ({
    type: 'metric',
    width: 12,
    height: 6,
    properties: { title, view: 'timeSeries', region: options.region ?? props.region, stat: options.stat ?? 'Sum', period: 300, metrics },
  });
  const db = ['DBInstanceIdentifier', props.database.instanceIdentifier];
  const distributions = Object.entries(props.distributionIds);
  return [
    graph(
      'Queue depth (visible messages)',
      props.queues.flatMap((queue) => [
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queue.name],
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queue.deadLetterName],
      ]),
      { stat: 'Maximum' },
    ),
    graph('Outbox: oldest pending row (s)', [[namespace, OUTBOX_BACKLOG.metricName]], { stat: 'Maximum' }),
    graph(
      'Lambda errors and throttles',
      props.functionNames.flatMap((functionName) => [
        ['AWS/Lambda', 'Errors', 'FunctionName', functionName],
        ['AWS/Lambda', 'Throttles', 'FunctionName', functionName],
      ]),
    ),
    graph(
      'Lambda duration p95 (ms)',
      props.functionNames.map((functionName) => ['AWS/Lambda', 'Duration', 'FunctionName', functionName]),
      { stat: 'p95' },
    ),
    graph(
      'API 5xx rate (%)',
      distributions.map(([api, id]) => ['AWS/CloudFront', '5xxErrorRate', 'DistributionId', id, 'Region', 'Global', { label: api }]),
      { stat: 'Average', region: EDGE_REGION },
    ),
    graph(
      'API requests',
      distributions.map(([api, id]) => ['AWS/CloudFront', 'Requests', 'DistributionId', id, 'Region', 'Global', { label: api }]),
      { region: EDGE_REGION },
    ),
    ...(props.loadBalancerArnSuffix
      ? [
          graph('API latency p95 at the load balancer (s)', [['AWS/ApplicationELB', 'TargetResponseTime', 'LoadBalancer', props.loadBalancerArnSuffix]], {
            stat: 'p95',
          }),
        ]
      : []),
    graph('Database CPU (%)', [['AWS/RDS', 'CPUUtilization', ...db]], { stat: 'Average' }),
    graph('Database connections', [['AWS/RDS', 'DatabaseConnections', ...db]], { stat: 'Maximum' }),
  ];
}
