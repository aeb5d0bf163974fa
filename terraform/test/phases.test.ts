import type { ContainerDefinition } from '../src/containers.js';
import { parseJson, type Synthesized, synthesizePhase } from './support/synthesized.js';

const initial = synthesizePhase('initial');
const growth = synthesizePhase('growth');
const scaleOut = synthesizePhase('scale-out');

const resourceIds = (s: Synthesized) =>
  new Set(Object.entries(s.config.resource).flatMap(([type, blocks]) => Object.keys(blocks).map((id) => `${type}.${id}`)));
const difference = (from: Synthesized, to: Synthesized) => {
  const [before, after] = [resourceIds(from), resourceIds(to)];
  return { added: [...after].filter((id) => !before.has(id)).sort(), removed: [...before].filter((id) => !after.has(id)).sort() };
};
const containerNames = (s: Synthesized) =>
  (parseJson(s.resources('aws_ecs_task_definition').api_task?.container_definitions) as ContainerDefinition[]).map((container) => container.name);

describe('growth against initial', () => {
  it('adds a load balancer (and its 5xx alarms), a read replica and ElastiCache, and drops the host address, and nothing else', () => {
    expect(difference(initial, growth)).toEqual({
      added: [
        'aws_cloudwatch_metric_alarm.alarm_alb_5xx',
        'aws_cloudwatch_metric_alarm.alarm_alb_target_5xx',
        'aws_db_instance.database_replica',
        'aws_elasticache_replication_group.cache',
        'aws_elasticache_subnet_group.cache_subnet_group',
        'aws_lb.load_balancer',
        'aws_lb_listener.listener_admin_api',
        'aws_lb_listener.listener_customer_api',
        'aws_lb_target_group.target_group_admin_api',
        'aws_lb_target_group.target_group_customer_api',
        'aws_security_group.security_group_cache',
        'aws_security_group.security_group_load_balancer',
        'aws_vpc_security_group_egress_rule.hosts_egress_cache',
        'aws_vpc_security_group_egress_rule.load_balancer_egress_admin_api',
        'aws_vpc_security_group_egress_rule.load_balancer_egress_customer_api',
        'aws_vpc_security_group_ingress_rule.cache_ingress_hosts',
        'aws_vpc_security_group_ingress_rule.hosts_ingress_admin_api',
        'aws_vpc_security_group_ingress_rule.hosts_ingress_customer_api',
      ],
      // With a load balancer in front, CloudFront needs no fixed host address.
      removed: ['aws_eip.api_host_address', 'aws_iam_role_policy.role_ecs_host_policy'],
    });
  });

  it('runs a second t3.small in the other availability zone', () => {
    expect(growth.resources('aws_autoscaling_group').ecs_hosts_group).toMatchObject({
      min_size: 2,
      max_size: 2,
      vpc_zone_identifier: ['${aws_subnet.subnet_public_0.id}', '${aws_subnet.subnet_public_1.id}'],
    });
    expect(growth.resources('aws_launch_template').ecs_hosts?.instance_type).toBe('t3.small');
    expect(growth.resources('aws_ecs_service').api_service).toMatchObject({
      desired_count: 2,
      deployment_minimum_healthy_percent: 50,
      ordered_placement_strategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
    });
  });

  it('puts both APIs behind the load balancer, checked on /healthz, reached by CloudFront only', () => {
    const service = growth.resources('aws_ecs_service').api_service;
    expect(service?.load_balancer).toEqual([
      { target_group_arn: '${aws_lb_target_group.target_group_customer_api.arn}', container_name: 'customer-api', container_port: 80 },
      { target_group_arn: '${aws_lb_target_group.target_group_admin_api.arn}', container_name: 'admin-api', container_port: 80 },
    ]);
    for (const [id, port] of [
      ['customer_api', 80],
      ['admin_api', 8080],
    ] as const) {
      expect(growth.resources('aws_lb_target_group')[`target_group_${id}`]).toMatchObject({ port, health_check: { path: '/healthz', matcher: '200' } });
      expect(growth.resources('aws_lb_listener')[`listener_${id}`]).toMatchObject({ port, protocol: 'HTTP' });
    }
    expect(growth.resources('aws_lb').load_balancer?.security_groups).toEqual([
      '${aws_security_group.security_group_load_balancer.id}',
      '${aws_security_group.security_group_cloudfront_customer.id}',
      '${aws_security_group.security_group_cloudfront_admin.id}',
    ]);
    expect(growth.resources('aws_launch_template').ecs_hosts?.network_interfaces).toEqual([
      expect.objectContaining({ security_groups: ['${aws_security_group.security_group_hosts.id}'] }),
    ]);
    expect(growth.config.output.api_origin?.value).toEqual({ domainName: '${aws_lb.load_balancer.dns_name}', customerPort: 80, adminPort: 8080 });
    expect(growth.resolve(growth.stack.compute.loadBalancerArnSuffix)).toBe('${aws_lb.load_balancer.arn_suffix}');
  });

  it('adds a read replica of the database in the other zone', () => {
    expect(growth.resources('aws_db_instance').database_replica).toMatchObject({
      replicate_source_db: '${aws_db_instance.database.identifier}',
      instance_class: 'db.t3.micro',
      availability_zone: '${element(data.aws_availability_zones.availability_zones.names, 1)}',
      publicly_accessible: false,
    });
  });

  it('replaces the Redis container with an ElastiCache node that REDIS_URL points at, over TLS', () => {
    expect(containerNames(initial)).toContain('redis');
    expect(containerNames(growth)).toEqual(['customer-api', 'admin-api', 'outbox-relay']);
    expect(growth.resources('aws_elasticache_replication_group').cache).toMatchObject({
      node_type: 'cache.t3.micro',
      num_cache_clusters: 1,
      transit_encryption_enabled: true,
    });
    const api = (parseJson(growth.resources('aws_ecs_task_definition').api_task?.container_definitions) as ContainerDefinition[]).find(
      (container) => container.name === 'admin-api',
    );
    expect(api?.environment).toContainEqual({ name: 'REDIS_URL', value: 'rediss://${aws_elasticache_replication_group.cache.primary_endpoint_address}:6379' });
    expect(api).not.toHaveProperty('links');
  });

  it("keeps the spec's task size and container numbers", () => {
    expect(growth.resources('aws_ecs_task_definition').api_task).toMatchObject({ cpu: '2048', memory: '1900' });
    const byName = Object.fromEntries(
      (parseJson(growth.resources('aws_ecs_task_definition').api_task?.container_definitions) as ContainerDefinition[]).map((container) => [
        container.name,
        container,
      ]),
    );
    expect([byName['customer-api']?.memory, byName['customer-api']?.cpu, byName['admin-api']?.memory, byName['admin-api']?.cpu]).toEqual([900, 1024, 600, 512]);
  });
});

describe('scale-out', () => {
  it('adds target tracking on CPU to what growth has, and nothing else', () => {
    expect(difference(growth, scaleOut)).toEqual({
      added: ['aws_appautoscaling_policy.api_scaling_cpu', 'aws_appautoscaling_target.api_scaling_target'],
      removed: [],
    });
    expect(scaleOut.resources('aws_appautoscaling_policy').api_scaling_cpu).toMatchObject({
      policy_type: 'TargetTrackingScaling',
      target_tracking_scaling_policy_configuration: {
        target_value: 60,
        predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
      },
    });
    expect(scaleOut.resources('aws_ecs_service').api_service?.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
  });

  it('runs t3.medium hosts that the capacity provider scales between 2 and 6', () => {
    expect(scaleOut.resources('aws_launch_template').ecs_hosts?.instance_type).toBe('t3.medium');
    expect(scaleOut.resources('aws_autoscaling_group').ecs_hosts_group).toMatchObject({ min_size: 2, max_size: 6 });
    expect(scaleOut.resources('aws_appautoscaling_target').api_scaling_target).toMatchObject({ min_capacity: 2, max_capacity: 6 });
  });

  it('moves the database and its replica to a larger class', () => {
    expect(scaleOut.resources('aws_db_instance').database?.instance_class).toBe('db.t3.medium');
    expect(scaleOut.resources('aws_db_instance').database_replica?.instance_class).toBe('db.t3.medium');
  });

  it('turns the tables into global tables when replica regions are given', () => {
    expect(scaleOut.resources('aws_dynamodb_table').table_audit).not.toHaveProperty('replica');
    const global = synthesizePhase('scale-out', { dynamoReplicaRegions: ['us-west-2', 'eu-central-1'] });
    for (const table of Object.values(global.resources('aws_dynamodb_table'))) {
      expect(table).toMatchObject({
        stream_enabled: true,
        stream_view_type: 'NEW_AND_OLD_IMAGES',
        replica: [
          { region_name: 'us-west-2', point_in_time_recovery: true },
          { region_name: 'eu-central-1', point_in_time_recovery: true },
        ],
      });
    }
  });

  it.each(['initial', 'growth'] as const)('refuses replica regions in the %s phase', (phase) => {
    expect(() => synthesizePhase(phase, { dynamoReplicaRegions: ['us-west-2'] })).toThrow(/scale-out/);
  });
});
