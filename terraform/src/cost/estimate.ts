import { HOURS_PER_MONTH, prices, SPEC_INITIAL_RANGE, usageAssumptions } from './prices.js';

/** The part of a synthesized stack (cdk.tf.json) the estimate reads. */
export interface SynthesizedStack {
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

export interface Range {
  low: number;
  high: number;
}

export interface CostRow {
  component: string;
  configuration: string;
  monthly: Range;
  /** Whether the spec's cost table (section 6.1) has this line; the others explain a total above it. */
  inSpecTable: boolean;
}

export interface CostEstimate {
  rows: CostRow[];
  total: Range;
}

const fixed = (amount: number): Range => ({ low: amount, high: amount });
const times = (range: Range, factor: number): Range => ({ low: range.low * factor, high: range.high * factor });
const each = (amount: number, count: Range): Range => ({ low: amount * count.low, high: amount * count.high });
const monthlyHours = (perHour: number) => perHour * HOURS_PER_MONTH;

function priceOf(table: Record<string, number>, key: string, what: string): number {
  const price = table[key];
  if (price === undefined) throw new Error(`no price for ${what} ${key} in cost/prices.ts`);
  return price;
}

/**
 * Prices what the synthesized stack contains: instance types and counts, the database class and its
 * replica, ElastiCache, the load balancer, NAT and endpoints, volumes, public addresses, secrets,
 * alarms, WAF and DNS as they appear; usage-priced services at the stated assumptions.
 */
export function estimateMonthlyCost(stack: SynthesizedStack): CostEstimate {
  const resources = (type: string) => Object.values(stack.resource[type] ?? {});
  const byReference = (reference: unknown) => {
    const match = typeof reference === 'string' ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(reference) : null;
    return match ? stack.resource[match[1] as string]?.[match[2] as string] : undefined;
  };
  const rows: CostRow[] = [];
  const add = (component: string, configuration: string, monthly: Range, inSpecTable = false) => {
    if (monthly.high > 0 || inSpecTable) rows.push({ component, configuration, monthly, inSpecTable });
  };

  let hostCount: Range = fixed(0);
  for (const group of resources('aws_autoscaling_group')) {
    const template = byReference((group.launch_template as { id?: string } | undefined)?.id);
    const instanceType = String(template?.instance_type);
    const count = { low: Number(group.min_size), high: Number(group.max_size) };
    hostCount = { low: hostCount.low + count.low, high: hostCount.high + count.high };
    add(
      'EC2 (ECS hosts)',
      `${count.low === count.high ? count.low : `${count.low}-${count.high}`} x ${instanceType}`,
      each(monthlyHours(priceOf(prices.ec2PerHour, instanceType, 'EC2')), count),
      true,
    );
    const volumes = (template?.block_device_mappings as { ebs?: { volume_size?: number } }[] | undefined) ?? [];
    const gb = volumes.reduce((sum, mapping) => sum + Number(mapping.ebs?.volume_size ?? 0), 0);
    add('EBS (host root volumes)', `${gb} GB gp3 per host`, each(gb * prices.ebsGp3PerGbMonth, count));
  }
  for (const instance of resources('aws_instance')) {
    const instanceType = String(instance.instance_type);
    const gb = Number((instance.root_block_device as { volume_size?: number } | undefined)?.volume_size ?? 8);
    add(
      'EC2 (NAT instance)',
      `${instanceType}, ${gb} GB gp3`,
      fixed(monthlyHours(priceOf(prices.ec2PerHour, instanceType, 'EC2')) + gb * prices.ebsGp3PerGbMonth),
    );
  }

  // Every public IPv4 address is billed (since February 2024): an Elastic IP replaces the host's own.
  const elasticIps = resources('aws_eip').length;
  const hostAddresses = elasticIps > 0 ? fixed(0) : hostCount;
  const natAddresses = resources('aws_instance').filter((instance) => instance.associate_public_ip_address === true).length;
  const albAddresses = resources('aws_lb').reduce((sum, lb) => sum + (lb.internal ? 0 : ((lb.subnets as unknown[] | undefined)?.length ?? 2)), 0);
  const addresses = { low: hostAddresses.low + elasticIps + natAddresses + albAddresses, high: hostAddresses.high + elasticIps + natAddresses + albAddresses };
  add(
    'Public IPv4 addresses',
    `${addresses.low === addresses.high ? addresses.low : `${addresses.low}-${addresses.high}`} (hosts, NAT, load balancer)`,
    each(monthlyHours(prices.publicIpv4PerHour), addresses),
  );

  for (const database of resources('aws_db_instance')) {
    const instanceClass = String(database.instance_class);
    const replica = database.replicate_source_db !== undefined;
    const gb = Number(database.allocated_storage ?? 20);
    add(
      replica ? 'RDS read replica' : 'RDS',
      `${instanceClass} ${database.multi_az ? 'multi-AZ' : 'single AZ'}, ${gb} GB gp3`,
      fixed(monthlyHours(priceOf(prices.rdsPostgresPerHour, instanceClass, 'RDS')) + gb * prices.rdsGp3PerGbMonth),
      !replica,
    );
  }
  for (const cache of resources('aws_elasticache_replication_group')) {
    const nodeType = String(cache.node_type);
    const nodes = Number(cache.num_cache_clusters ?? 1);
    add('ElastiCache Redis', `${nodes} x ${nodeType}`, fixed(nodes * monthlyHours(priceOf(prices.elasticachePerHour, nodeType, 'ElastiCache'))));
  }
  for (const _ of resources('aws_lb')) {
    add('Application Load Balancer', 'hours + LCUs (assumed 0.5-1 LCU)', {
      low: monthlyHours(prices.albPerHour + usageAssumptions.albAverageLcu.low * prices.albLcuPerHour),
      high: monthlyHours(prices.albPerHour + usageAssumptions.albAverageLcu.high * prices.albLcuPerHour),
    });
  }
  const natGateways = resources('aws_nat_gateway').length;
  add('NAT gateway', `${natGateways} (before data processing)`, fixed(natGateways * monthlyHours(prices.natGatewayPerHour)));
  const interfaceEndpointAzs = resources('aws_vpc_endpoint')
    .filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface')
    .reduce((sum, endpoint) => sum + ((endpoint.subnet_ids as unknown[] | undefined)?.length ?? 1), 0);
  add('VPC interface endpoints', `${interfaceEndpointAzs} endpoint-AZs`, fixed(interfaceEndpointAzs * monthlyHours(prices.interfaceEndpointPerAzHour)));

  const secrets = resources('aws_secretsmanager_secret').length;
  add('Secrets Manager', `${secrets} secrets`, fixed(secrets * prices.secretPerMonth));
  const kmsKeys = resources('aws_kms_key').length;
  add('KMS', `${kmsKeys} customer keys`, fixed(kmsKeys * prices.kmsKeyPerMonth));
  const repositories = resources('aws_ecr_repository').length;
  add('ECR', `${repositories} repositories, 0.5-1 GB each`, times(usageAssumptions.ecrGbPerRepository, repositories * prices.ecrPerGbMonth));

  const alarms = resources('aws_cloudwatch_metric_alarm').length;
  const dashboards = resources('aws_cloudwatch_dashboard').length;
  const logGroups = resources('aws_cloudwatch_log_group').length;
  add('CloudWatch alarms', `${alarms} standard alarms`, fixed(alarms * prices.alarmPerMonth));
  add(
    'CloudWatch dashboards',
    `${dashboards} (the first ${prices.freeDashboards} are free)`,
    fixed(Math.max(0, dashboards - prices.freeDashboards) * prices.dashboardPerMonth),
  );
  if (logGroups > 0) add('CloudWatch Logs', `${logGroups} log groups, 1-3 GB ingested`, times(usageAssumptions.logGbPerMonth, prices.logIngestPerGb));

  for (const acl of resources('aws_wafv2_web_acl')) {
    const rules = typeof acl.rule_json === 'string' ? (JSON.parse(acl.rule_json) as unknown[]).length : ((acl.rule as unknown[] | undefined)?.length ?? 0);
    add('WAF', `1 web ACL, ${rules} rules, 1-5 M requests`, {
      low: prices.wafWebAclPerMonth + rules * prices.wafRulePerMonth + usageAssumptions.wafMillionRequests.low * prices.wafPerMillionRequests,
      high: prices.wafWebAclPerMonth + rules * prices.wafRulePerMonth + usageAssumptions.wafMillionRequests.high * prices.wafPerMillionRequests,
    });
  }
  // The zone itself is created outside the stack (LOYALTY_HOSTED_ZONE_ID) but billed all the same.
  const zones = resources('aws_route53_zone').length || (resources('aws_route53_record').length > 0 ? 1 : 0);
  add('Route 53', `${zones} hosted zone`, fixed(zones * prices.route53ZonePerMonth));
  if (resources('aws_backup_plan').length > 0) add('AWS Backup', 'weekly DynamoDB backups, 1-5 GB', times(usageAssumptions.backupGb, prices.backupPerGbMonth));

  const spec = usageAssumptions.spec;
  const tables = resources('aws_dynamodb_table');
  const replicas = tables.reduce((sum, table) => sum + ((table.replica as unknown[] | undefined)?.length ?? 0), 0) / Math.max(1, tables.length);
  if (tables.length > 0) add('DynamoDB', `on demand, ${tables.length} tables`, spec.dynamodb, true);
  if (replicas > 0) add('DynamoDB global table replicas', `${replicas} replica regions, replicated writes as the source`, times(spec.dynamodb, replicas));
  if (resources('aws_s3_bucket').length > 0) add('S3', 'standard storage ~5 GB', spec.s3, true);
  if (resources('aws_cloudfront_distribution').length > 0) add('CloudFront', 'minimal transfer', spec.cloudfront, true);
  if (resources('aws_cognito_user_pool').length > 0) add('Cognito', 'within 50,000 MAU', spec.cognito, true);
  if (resources('aws_lambda_function').length > 0) add('Lambda', 'background processing', spec.lambda, true);
  if (resources('aws_sqs_queue').length > 0) add('SQS', 'within 1 M requests', spec.sqs, true);

  const total = rows.reduce((sum, row) => ({ low: sum.low + row.monthly.low, high: sum.high + row.monthly.high }), fixed(0));
  return { rows, total };
}

/** Why a total is outside the spec's $30-45, or nothing when it is inside. */
export function outsideSpecRange(estimate: CostEstimate): string | undefined {
  const { low, high } = SPEC_INITIAL_RANGE;
  if (estimate.total.low >= low && estimate.total.high <= high) return undefined;
  const extra = estimate.rows.filter((row) => !row.inSpecTable);
  const extraCost = extra.reduce((sum, row) => ({ low: sum.low + row.monthly.low, high: sum.high + row.monthly.high }), fixed(0));
  const specRows = estimate.rows.filter((row) => row.inSpecTable);
  const specCost = specRows.reduce((sum, row) => ({ low: sum.low + row.monthly.low, high: sum.high + row.monthly.high }), fixed(0));
  return (
    `outside the spec's $${low}-${high}: the lines of the spec's table come to ${formatRange(specCost)}; ` +
    `the stack also pays for ${extra.map((row) => row.component).join(', ')} (${formatRange(extraCost)} together), which the spec's table leaves out.`
  );
}

export function formatRange({ low, high }: Range): string {
  return Math.abs(high - low) < 0.005 ? `$${low.toFixed(2)}` : `$${low.toFixed(2)}-${high.toFixed(2)}`;
}
