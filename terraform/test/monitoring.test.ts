import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { addMonitoring, type MonitoringProps, OUTBOX_BACKLOG } from '../src/monitoring.js';
import { database, name } from './support/seams.js';
import { parseJson, synthesizePart } from './support/synthesized.js';

const alertsTopicArn = 'arn:aws:sns:eu-west-1:123456789012:test-alerts';
const props: MonitoringProps = {
  name,
  region: 'eu-west-1',
  alertsTopicArn,
  functionNames: ['test-transactions-processor', 'test-notifier'],
  queues: [{ name: 'test-transactions', deadLetterName: 'test-transactions-dlq' }],
  database,
  distributionIds: { customer: 'E1CUSTOMER', admin: 'E2ADMIN' },
  ecsLogGroupName: '/ecs/loyalty-test',
};
const synthesized = synthesizePart((stack) => addMonitoring(stack, props));
const alarms = () => Object.values(synthesized.resources('aws_cloudwatch_metric_alarm'));

it('sends every alarm, and its recovery, to the alerts topic', () => {
  expect(alarms().length).toBeGreaterThan(0);
  for (const alarm of alarms()) expect(alarm).toMatchObject({ alarm_actions: [alertsTopicArn], ok_actions: [alertsTopicArn] });
});

it.each(props.functionNames.flatMap((functionName) => ['Errors', 'Throttles'].map((metric) => [functionName, metric])))(
  '%s alarms on any %s',
  (functionName, metric) => {
    expect(synthesized.json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/Lambda',
      metric_name: metric,
      dimensions: { FunctionName: functionName },
      statistic: 'Sum',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
    });
  },
);

it('alarms on the database CPU and its free storage', () => {
  const dimensions = { DBInstanceIdentifier: database.instanceIdentifier };
  expect(synthesized.json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    namespace: 'AWS/RDS',
    metric_name: 'CPUUtilization',
    dimensions,
    threshold: 80,
  });
  expect(synthesized.json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    namespace: 'AWS/RDS',
    metric_name: 'FreeStorageSpace',
    dimensions,
    comparison_operator: 'LessThanThreshold',
    threshold: 2 * 1024 ** 3,
  });
});

it("alarms on the load balancer's 5xx only once there is one", () => {
  expect(alarms().filter((alarm) => alarm.namespace === 'AWS/ApplicationELB')).toEqual([]);
  const grown = synthesizePart((stack) => addMonitoring(stack, { ...props, loadBalancerArnSuffix: 'app/test-api/0123456789abcdef' }));
  const lb = Object.values(grown.resources('aws_cloudwatch_metric_alarm')).filter((alarm) => alarm.namespace === 'AWS/ApplicationELB');
  expect(lb.map((alarm) => alarm.metric_name).sort()).toEqual(['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count']);
  for (const alarm of lb) expect(alarm.dimensions).toEqual({ LoadBalancer: 'app/test-api/0123456789abcdef' });
});

describe('outbox backlog', () => {
  const filter = () => synthesized.resources('aws_cloudwatch_log_metric_filter').outbox_backlog_metric;

  it("turns the relay's backlog log line in the ECS log group into a metric", () => {
    // The relay's side of this contract is libs/outbox/test/backlog-report.test.ts.
    expect(OUTBOX_BACKLOG).toMatchObject({ message: 'outbox backlog', field: 'oldestPendingAgeSeconds' });
    expect(filter()).toMatchObject({
      log_group_name: '/ecs/loyalty-test',
      pattern: '{ $.msg = "outbox backlog" }',
      metric_transformation: { name: OUTBOX_BACKLOG.metricName, namespace: 'Loyalty/test-platform', value: '$.oldestPendingAgeSeconds', unit: 'Seconds' },
    });
  });

  it('alarms when a row waits over 5 minutes, and when no relay reports at all', () => {
    expect(synthesized.json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'Loyalty/test-platform',
      metric_name: OUTBOX_BACKLOG.metricName,
      statistic: 'Maximum',
      threshold: 300,
      treat_missing_data: 'breaching',
    });
  });
});

describe('dashboard', () => {
  const widgets = () => {
    const body = parseJson(synthesized.resources('aws_cloudwatch_dashboard').dashboard?.dashboard_body) as {
      widgets: { properties: { title: string; region: string; metrics: unknown[][] } }[];
    };
    return body.widgets.map(({ properties }) => properties);
  };
  const metricNames = (titlePart: string) =>
    widgets()
      .filter((widget) => widget.title.includes(titlePart))
      .flatMap((widget) => widget.metrics.map((metric) => `${metric[0]}/${metric[1]}`));

  it('shows queue depth, Lambda errors and duration, API 5xx, database CPU and connections and the outbox backlog', () => {
    expect(metricNames('Queue')).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible', 'AWS/SQS/ApproximateNumberOfMessagesVisible']);
    expect(metricNames('Lambda errors')).toEqual(expect.arrayContaining(['AWS/Lambda/Errors', 'AWS/Lambda/Throttles']));
    expect(metricNames('Lambda duration')).toEqual(['AWS/Lambda/Duration', 'AWS/Lambda/Duration']);
    expect(metricNames('5xx')).toEqual(['AWS/CloudFront/5xxErrorRate', 'AWS/CloudFront/5xxErrorRate']);
    expect(metricNames('Database')).toEqual(['AWS/RDS/CPUUtilization', 'AWS/RDS/DatabaseConnections']);
    expect(metricNames('Outbox')).toEqual([`Loyalty/test-platform/${OUTBOX_BACKLOG.metricName}`]);
  });

  it("reads CloudFront's metrics from us-east-1", () => {
    for (const widget of widgets().filter((candidate) => candidate.metrics.some((metric) => metric[0] === 'AWS/CloudFront'))) {
      expect(widget.region).toBe('us-east-1');
    }
  });
});
