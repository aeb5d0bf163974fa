import { CLOUDFRONT_ORIGIN_PREFIX_LIST, NAT_INSTANCE_TYPE } from '../src/network.js';
import { type Block, synthesize, synthesizePhase } from './support/synthesized.js';

const synthesized = synthesize();
const rules = (type: string, s = synthesized) => Object.entries(s.resources(type));

describe('VPC', () => {
  it('has a public and a private subnet in each of two availability zones', () => {
    const subnets = Object.values(synthesized.resources('aws_subnet'));
    expect(subnets).toHaveLength(4);
    for (const tier of ['public', 'private']) {
      const zones = subnets.filter((subnet) => (subnet.tags as Record<string, string>).Tier === tier).map((subnet) => subnet.availability_zone);
      expect(zones.sort()).toEqual([
        '${element(data.aws_availability_zones.availability_zones.names, 0)}',
        '${element(data.aws_availability_zones.availability_zones.names, 1)}',
      ]);
    }
    expect(subnets.every((subnet) => subnet.map_public_ip_on_launch === false)).toBe(true);
  });

  it('routes the public subnets to the internet gateway and the private ones to the NAT instance, with no NAT gateway', () => {
    const routes = Object.values(synthesized.resources('aws_route'));
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ route_table_id: '${aws_route_table.route_table_public.id}', gateway_id: '${aws_internet_gateway.internet_gateway.id}' }),
        expect.objectContaining({
          route_table_id: '${aws_route_table.route_table_private.id}',
          network_interface_id: '${aws_instance.nat_instance.primary_network_interface_id}',
        }),
      ]),
    );
    expect(synthesized.resources('aws_nat_gateway')).toEqual({});
    const associations = Object.values(synthesized.resources('aws_route_table_association')).map((association) => [
      association.subnet_id,
      association.route_table_id,
    ]);
    expect(associations).toEqual(
      expect.arrayContaining([
        ['${aws_subnet.subnet_public_0.id}', '${aws_route_table.route_table_public.id}'],
        ['${aws_subnet.subnet_public_1.id}', '${aws_route_table.route_table_public.id}'],
        ['${aws_subnet.subnet_private_0.id}', '${aws_route_table.route_table_private.id}'],
        ['${aws_subnet.subnet_private_1.id}', '${aws_route_table.route_table_private.id}'],
      ]),
    );
  });

  it('sends S3 and DynamoDB traffic through free gateway endpoints, and has no interface endpoint', () => {
    const endpoints = Object.values(synthesized.resources('aws_vpc_endpoint'));
    expect(endpoints.map((endpoint) => [endpoint.service_name, endpoint.vpc_endpoint_type, endpoint.route_table_ids]).sort()).toEqual([
      ['com.amazonaws.eu-west-1.dynamodb', 'Gateway', ['${aws_route_table.route_table_private.id}']],
      ['com.amazonaws.eu-west-1.s3', 'Gateway', ['${aws_route_table.route_table_private.id}']],
    ]);
  });

  it('runs a small NAT instance that forwards only HTTPS from the private subnets', () => {
    const nat = synthesized.resources('aws_instance').nat_instance;
    expect(nat).toMatchObject({
      instance_type: NAT_INSTANCE_TYPE,
      source_dest_check: false,
      associate_public_ip_address: true,
      subnet_id: '${aws_subnet.subnet_public_0.id}',
    });
    expect(nat?.metadata_options).toMatchObject({ http_tokens: 'required' });
    const ingress = rules('aws_vpc_security_group_ingress_rule').filter(([, rule]) => rule.security_group_id === '${aws_security_group.security_group_nat.id}');
    expect(ingress.map(([, rule]) => [rule.from_port, rule.to_port, rule.cidr_ipv4])).toEqual([
      [443, 443, '10.40.10.0/24'],
      [443, 443, '10.40.11.0/24'],
    ]);
  });
});

describe('security groups', () => {
  it('admit CloudFront to the API ports through its origin-facing prefix list, one group per port', () => {
    expect(synthesized.config).toMatchObject({ data: { aws_ec2_managed_prefix_list: { cloudfront_origin_facing: { name: CLOUDFRONT_ORIGIN_PREFIX_LIST } } } });
    const fromCloudFront = rules('aws_vpc_security_group_ingress_rule').filter(([, rule]) => rule.prefix_list_id !== undefined);
    expect(fromCloudFront.map(([, rule]) => [rule.security_group_id, rule.from_port, rule.to_port, rule.prefix_list_id]).sort()).toEqual([
      ['${aws_security_group.security_group_cloudfront_admin.id}', 8080, 8080, '${data.aws_ec2_managed_prefix_list.cloudfront_origin_facing.id}'],
      ['${aws_security_group.security_group_cloudfront_customer.id}', 80, 80, '${data.aws_ec2_managed_prefix_list.cloudfront_origin_facing.id}'],
    ]);
  });

  it.each(['initial', 'growth', 'scale-out'] as const)('open nothing to the whole internet and nothing to Redis but from the hosts (%s)', (phase) => {
    const s = synthesizePhase(phase);
    const ingress = rules('aws_vpc_security_group_ingress_rule', s).map(([, rule]) => rule);
    expect(ingress.filter((rule) => rule.cidr_ipv4 === '0.0.0.0/0' || rule.cidr_ipv6 !== undefined)).toEqual([]);
    expect(ingress.filter((rule) => rule.ip_protocol === '-1')).toEqual([]);
    const toRedis = ingress.filter((rule) => Number(rule.from_port) <= 6379 && Number(rule.to_port) >= 6379);
    expect(toRedis).toEqual(
      phase === 'initial'
        ? []
        : [
            expect.objectContaining({
              security_group_id: '${aws_security_group.security_group_cache.id}',
              referenced_security_group_id: '${aws_security_group.security_group_hosts.id}',
            }),
          ],
    );
  });

  it('let only the ECS hosts and the Lambda functions reach Postgres', () => {
    const toDatabase = rules('aws_vpc_security_group_ingress_rule').filter(
      ([, rule]) => rule.security_group_id === '${aws_security_group.security_group_database.id}',
    );
    expect(toDatabase.map(([, rule]) => [rule.from_port, rule.to_port, rule.referenced_security_group_id]).sort()).toEqual([
      [5432, 5432, '${aws_security_group.security_group_hosts.id}'],
      [5432, 5432, '${aws_security_group.security_group_lambda.id}'],
    ]);
  });

  it('give the Lambda functions HTTPS out and Postgres, nothing else', () => {
    const egress = rules('aws_vpc_security_group_egress_rule').filter(
      ([, rule]) => rule.security_group_id === '${aws_security_group.security_group_lambda.id}',
    );
    expect(egress.map(([, rule]) => [rule.from_port, rule.cidr_ipv4 ?? rule.referenced_security_group_id]).sort()).toEqual([
      [443, '0.0.0.0/0'],
      [5432, '${aws_security_group.security_group_database.id}'],
    ]);
  });

  it('declare no inline rules, so every rule is one of the resources checked above', () => {
    const groups = Object.values(synthesized.resources('aws_security_group')) as Block[];
    expect(groups.filter((group) => group.ingress !== undefined || group.egress !== undefined)).toEqual([]);
  });
});

it('hands the functions part the network seam', () => {
  expect(synthesized.resolve(synthesized.stack.network)).toEqual({
    vpcId: '${aws_vpc.vpc.id}',
    publicSubnetIds: ['${aws_subnet.subnet_public_0.id}', '${aws_subnet.subnet_public_1.id}'],
    privateSubnetIds: ['${aws_subnet.subnet_private_0.id}', '${aws_subnet.subnet_private_1.id}'],
    lambdaSecurityGroupId: '${aws_security_group.security_group_lambda.id}',
  });
});
