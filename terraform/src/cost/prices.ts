/**
 * us-east-1 on-demand list prices in USD, as remembered from the AWS pricing pages in 2025: written
 * down without internet access, so check them against https://aws.amazon.com/pricing/ (or the
 * Pricing API) before relying on a figure. Regions other than us-east-1 cost up to ~20% more.
 */
export const PRICES_AS_OF = '2025 (from memory, not fetched)';
export const PRICES_SOURCE = 'AWS public on-demand list prices, us-east-1';

export const HOURS_PER_MONTH = 730;

export const prices = {
  ec2PerHour: { 't3.micro': 0.0104, 't3.small': 0.0208, 't3.medium': 0.0416, 't3.large': 0.0832, 't4g.nano': 0.0042, 't4g.micro': 0.0084 } as Record<
    string,
    number
  >,
  ebsGp3PerGbMonth: 0.08,
  publicIpv4PerHour: 0.005,
  rdsPostgresPerHour: { 'db.t3.micro': 0.018, 'db.t3.small': 0.036, 'db.t3.medium': 0.072, 'db.t3.large': 0.145 } as Record<string, number>,
  rdsGp3PerGbMonth: 0.115,
  elasticachePerHour: { 'cache.t3.micro': 0.017, 'cache.t3.small': 0.034, 'cache.t3.medium': 0.068 } as Record<string, number>,
  albPerHour: 0.0225,
  albLcuPerHour: 0.008,
  natGatewayPerHour: 0.045,
  interfaceEndpointPerAzHour: 0.01,
  secretPerMonth: 0.4,
  alarmPerMonth: 0.1,
  dashboardPerMonth: 3,
  freeDashboards: 3,
  logIngestPerGb: 0.5,
  wafWebAclPerMonth: 5,
  wafRulePerMonth: 1,
  wafPerMillionRequests: 0.6,
  route53ZonePerMonth: 0.5,
  kmsKeyPerMonth: 1,
  ecrPerGbMonth: 0.1,
  backupPerGbMonth: 0.1,
} as const;

/** What usage costs cannot be read from the stack: stated, so a reader can replace them. */
export const usageAssumptions = {
  logGbPerMonth: { low: 1, high: 3 },
  ecrGbPerRepository: { low: 0.5, high: 1 },
  albAverageLcu: { low: 0.5, high: 1 },
  wafMillionRequests: { low: 1, high: 5 },
  backupGb: { low: 1, high: 5 },
  /** The spec's own ranges (section 6.1, beyond the free tier) for the usage-priced services. */
  spec: {
    dynamodb: { low: 0, high: 5 },
    s3: { low: 0, high: 1 },
    cloudfront: { low: 0, high: 3 },
    cognito: { low: 0, high: 0 },
    lambda: { low: 0, high: 2 },
    sqs: { low: 0, high: 0 },
  },
} as const;

/** The spec's estimate for the initial phase (section 6.1). */
export const SPEC_INITIAL_RANGE = { low: 30, high: 45 } as const;
