import { estimateMonthlyCost, outsideSpecRange } from '../src/cost/estimate.js';
import { HOURS_PER_MONTH, prices } from '../src/cost/prices.js';
import { synthesizePhase } from './support/synthesized.js';

const estimates = {
  initial: estimateMonthlyCost(synthesizePhase('initial').config),
  growth: estimateMonthlyCost(synthesizePhase('growth').config),
  'scale-out': estimateMonthlyCost(synthesizePhase('scale-out').config),
};
const row = (phase: keyof typeof estimates, component: string) => estimates[phase].rows.find((candidate) => candidate.component === component);

it('orders the phases initial < growth < scale-out', () => {
  expect(estimates.initial.total.high).toBeLessThan(estimates.growth.total.low);
  expect(estimates.growth.total.high).toBeLessThan(estimates['scale-out'].total.low);
});

it('prices the initial phase from what the stack holds: one t3.small, one db.t3.micro, no load balancer or ElastiCache', () => {
  expect(row('initial', 'EC2 (ECS hosts)')).toMatchObject({
    configuration: '1 x t3.small',
    monthly: { low: (prices.ec2PerHour['t3.small'] ?? Number.NaN) * HOURS_PER_MONTH },
  });
  expect(row('initial', 'RDS')?.configuration).toBe('db.t3.micro single AZ, 20 GB gp3');
  expect(row('initial', 'RDS read replica')).toBeUndefined();
  expect(row('initial', 'Application Load Balancer')).toBeUndefined();
  expect(row('initial', 'ElastiCache Redis')).toBeUndefined();
  expect(row('initial', 'NAT gateway')).toBeUndefined();
});

it('counts what growth adds and scale-out enlarges', () => {
  expect(row('growth', 'EC2 (ECS hosts)')?.configuration).toBe('2 x t3.small');
  expect(row('growth', 'RDS read replica')).toBeDefined();
  expect(row('growth', 'ElastiCache Redis')?.configuration).toBe('1 x cache.t3.micro');
  expect(row('growth', 'Application Load Balancer')).toBeDefined();
  expect(row('scale-out', 'EC2 (ECS hosts)')?.configuration).toBe('2-6 x t3.medium');
  expect(row('scale-out', 'RDS')?.configuration).toBe('db.t3.medium single AZ, 20 GB gp3');
});

it("lands the initial phase in the spec's $30-45, or says which lines the spec leaves out", () => {
  const { total } = estimates.initial;
  const reason = outsideSpecRange(estimates.initial);
  if (total.low >= 30 && total.high <= 45) expect(reason).toBeUndefined();
  else {
    expect(reason).toMatch(/leaves out/);
    const specLines = estimates.initial.rows.filter((line) => line.inSpecTable).reduce((sum, line) => sum + line.monthly.low, 0);
    expect(specLines).toBeGreaterThanOrEqual(30);
    expect(specLines).toBeLessThanOrEqual(45);
    for (const line of estimates.initial.rows.filter((candidate) => !candidate.inSpecTable)) expect(reason).toContain(line.component);
  }
});

it('prices the edge and the alarms by what the stack really holds', () => {
  const { config } = synthesizePhase('initial');
  const estimate = estimateMonthlyCost(config);
  const rules = (JSON.parse(String(Object.values(config.resource.aws_wafv2_web_acl ?? {})[0]?.rule_json)) as unknown[]).length;
  expect(rules).toBe(2);
  expect(estimate.rows.find((line) => line.component === 'WAF')?.monthly.low).toBeCloseTo(prices.wafWebAclPerMonth + rules * prices.wafRulePerMonth + 0.6);
  const alarms = Object.keys(config.resource.aws_cloudwatch_metric_alarm ?? {}).length;
  expect(estimate.rows.find((line) => line.component === 'CloudWatch alarms')?.monthly.low).toBeCloseTo(alarms * prices.alarmPerMonth);
});
