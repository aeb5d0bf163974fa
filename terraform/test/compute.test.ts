import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lambdaFunctions, topology } from '@loyalty/topology';
import { adminEnv } from '../../services/admin/src/config.js';
import { customerEnv } from '../../services/customer/src/config.js';
import { relayEnv } from '../../services/outbox-relay/src/config.js';
import { ECS_AMI_PARAMETER, LOG_RETENTION_DAYS } from '../src/compute.js';
import { EXPIRE_UNTAGGED_AFTER_DAYS, imageNames, KEEP_TAGGED_IMAGES } from '../src/container-registry.js';
import { apiNodeOptions, containerSizes, type ContainerDefinition } from '../src/containers.js';
import { TABLE_ITEM_ACTIONS } from '../src/iam-documents.js';
import type { PolicyStatement } from '../src/iam.js';
import { VPC_NETWORK_INTERFACE_ACTIONS } from '../src/lambda-functions.js';
import { ENVIRONMENT, parseJson, type Synthesized, synthesize, synthesizePhase } from './support/synthesized.js';

const synthesized = synthesize();

function containers(s: Synthesized = synthesized): Record<string, ContainerDefinition> {
  const task = s.resources('aws_ecs_task_definition').api_task;
  const definitions = parseJson(task?.container_definitions) as ContainerDefinition[];
  return Object.fromEntries(definitions.map((definition) => [definition.name, definition]));
}

function policy(s: Synthesized, roleId: string): PolicyStatement[] {
  const inline = s.resources('aws_iam_role_policy')[`role_${roleId}_policy`];
  return (parseJson(inline?.policy) as { Statement: PolicyStatement[] }).Statement;
}

describe('the API task', () => {
  const task = synthesized.resources('aws_ecs_task_definition').api_task;
  const byName = containers();

  it("is the spec's: bridge mode on EC2, 2048 CPU units and 1900 MB", () => {
    expect(task).toMatchObject({ network_mode: 'bridge', requires_compatibilities: ['EC2'], cpu: '2048', memory: '1900' });
  });

  it.each([
    ['customer-api', 900, 1024, 80, 80],
    ['admin-api', 600, 512, 8080, 80],
    ['redis', 400, 256, 6379, 6379],
  ])('runs %s with %i MB, %i CPU units and the port mapping %i:%i', (name, memory, cpu, hostPort, containerPort) => {
    expect(byName[name]).toMatchObject({ memory, cpu, essential: true, portMappings: [{ hostPort, containerPort, protocol: 'tcp' }] });
  });

  it('runs the outbox relay inside the 1900 MB, with no memory of its own, restarted on failure and never taking the APIs down', () => {
    const relay = byName['outbox-relay'];
    expect(relay).toMatchObject({ cpu: 256, essential: false, restartPolicy: { enabled: true } });
    expect(relay).not.toHaveProperty('memory');
    expect(relay).not.toHaveProperty('portMappings');
    const containerCpu = Object.values(byName).reduce((sum, container) => sum + container.cpu, 0);
    const containerMemory = Object.values(byName).reduce((sum, container) => sum + (container.memory ?? 0), 0);
    expect([containerCpu, containerMemory]).toEqual([2048, 1900]);
  });

  it("runs each service image from its ECR repository at the deployed tag, and checks its health with the image's check", () => {
    for (const image of imageNames) {
      expect(byName[image]?.image).toBe(`\${aws_ecr_repository.ecr_${image.replace(/-/g, '_')}.repository_url}:v1.2.3`);
      expect(byName[image]?.healthCheck.command).toEqual(['CMD', 'node', '/app/healthcheck.mjs']);
    }
    expect(byName.redis?.healthCheck.command).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(byName.redis?.user).toBe('redis');
  });

  it('pins images by digest when the pipeline passes one', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { settings } = { settings: { imageTag: digest } };
    expect(containers(synthesizePhase('initial', settings))['admin-api']?.image).toBe(`\${aws_ecr_repository.ecr_admin_api.repository_url}@${digest}`);
  });

  it('logs every container to /ecs/loyalty-<env> with a stream prefix of its own, kept for a while', () => {
    for (const [name, container] of Object.entries(byName)) {
      expect(container.logConfiguration).toEqual({
        logDriver: 'awslogs',
        options: { 'awslogs-group': '${aws_cloudwatch_log_group.ecs_log_group.name}', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': name },
      });
    }
    expect(synthesized.resources('aws_cloudwatch_log_group').ecs_log_group).toMatchObject({
      name: `/ecs/loyalty-${ENVIRONMENT}`,
      retention_in_days: LOG_RETENTION_DAYS,
    });
  });

  it('reaches Redis through the link, by the container name in REDIS_URL', () => {
    for (const api of ['customer-api', 'admin-api']) {
      expect(byName[api]?.links).toEqual(['redis']);
      expect(byName[api]?.environment).toContainEqual({ name: 'REDIS_URL', value: 'redis://redis:6379' });
    }
  });

  it('caps the V8 heap of each API below its container’s hard limit', () => {
    for (const api of ['customer-api', 'admin-api'] as const) {
      expect(byName[api]?.environment).toContainEqual({ name: 'NODE_OPTIONS', value: apiNodeOptions[api] });
      const mebibytes = (flag: string) => Number(new RegExp(`--${flag}=(\\d+)`).exec(apiNodeOptions[api])?.[1]);
      const heap = mebibytes('max-old-space-size') + 3 * mebibytes('max-semi-space-size');
      expect(heap).toBeLessThan(containerSizes[api].memory * 0.8);
    }
  });

  it('admits only the staff app to the admin API (CORS)', () => {
    expect(byName['admin-api']?.environment).toContainEqual({ name: 'CORS_ORIGINS', value: 'https://staff.loyalty.example.org' });
  });

  it('gives the APIs the origins of the customer apps for CORS and the hosted-UI domain', () => {
    const environment = Object.fromEntries((byName['customer-api']?.environment ?? []).map(({ name, value }) => [name, value]));
    expect(environment.CORS_ORIGINS).toBe('https://app.loyalty.example.org,https://m.loyalty.example.org');
    expect(environment.COGNITO_DOMAIN_URL).toBe('https://${aws_cognito_user_pool_domain.user_pool_customers_domain.domain}.auth.eu-west-1.amazoncognito.com');
    expect(environment.GOOGLE_CLIENT_ID).toBe('${data.aws_ssm_parameter.user_pool_customers_googleClientId.value}');
    expect(environment.APPLE_CLIENT_ID).toBe('${data.aws_ssm_parameter.user_pool_customers_appleServicesId.value}');
    expect(environment.CUSTOMER_POOL_ISSUER).toBe('https://${aws_cognito_user_pool.user_pool_customers.endpoint}');
  });

  describe.each([
    ['customer-api', customerEnv, ['DATABASE_URL', 'QR_SIGNING_SECRET', 'UNSUBSCRIBE_SIGNING_SECRET']],
    ['admin-api', adminEnv, ['AUTH_SESSION_SECRET', 'DATABASE_URL', 'QR_SIGNING_SECRET']],
    ['outbox-relay', relayEnv, ['DATABASE_URL']],
  ] as const)('%s', (name, schema, secretNames) => {
    const container = byName[name] as ContainerDefinition;
    const environmentNames = (container.environment ?? []).map((variable) => variable.name);
    const secretVariables = (container.secrets ?? []).map((variable) => variable.name);

    it('is given every variable its config module requires, and only variables it reads', () => {
      const required = Object.entries(schema.shape)
        .filter(([, field]) => !field.safeParse(undefined).success)
        .map(([key]) => key);
      expect(required.length).toBeGreaterThan(0);
      const provided = [...environmentNames, ...secretVariables];
      expect(required.filter((key) => !provided.includes(key))).toEqual([]);
      // NODE_OPTIONS is Node's own (the APIs' heap flags), not the config module's.
      expect(provided.filter((key) => !(key in schema.shape) && key !== 'NODE_OPTIONS')).toEqual([]);
    });

    it('takes its secrets from Secrets Manager through `secrets`, never as plain environment', () => {
      expect(secretVariables.sort()).toEqual([...secretNames]);
      for (const secret of container.secrets ?? []) expect(secret.valueFrom).toMatch(/^\$\{aws_secretsmanager_secret\.secret_[a-z_]+\.arn\}$/);
      expect(environmentNames.filter((variable) => /SECRET|PASSWORD|DATABASE_URL/.test(variable))).toEqual([]);
    });
  });
});

describe('ECS on EC2', () => {
  it('boots the hosts from the ECS-optimised AMI of the SSM parameter, with IMDSv2 only and encrypted gp3', () => {
    expect(synthesized.config.data?.aws_ssm_parameter?.ecs_ami).toEqual({ name: ECS_AMI_PARAMETER });
    expect(synthesized.resources('aws_launch_template').ecs_hosts).toMatchObject({
      image_id: '${data.aws_ssm_parameter.ecs_ami.value}',
      instance_type: 't3.small',
      iam_instance_profile: { arn: '${aws_iam_instance_profile.ecs_host_profile.arn}' },
      metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 },
      block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_type: 'gp3', encrypted: 'true', volume_size: 30 } }],
    });
  });

  it('keeps one host in an Auto Scaling group of 1, in the first availability zone', () => {
    expect(synthesized.resources('aws_autoscaling_group').ecs_hosts_group).toMatchObject({
      min_size: 1,
      max_size: 1,
      desired_capacity: 1,
      vpc_zone_identifier: ['${aws_subnet.subnet_public_0.id}'],
      protect_from_scale_in: true,
    });
  });

  it('attaches a capacity provider with managed scaling to the cluster', () => {
    expect(synthesized.resources('aws_ecs_capacity_provider').ecs_capacity_provider).toMatchObject({
      auto_scaling_group_provider: {
        auto_scaling_group_arn: '${aws_autoscaling_group.ecs_hosts_group.arn}',
        managed_termination_protection: 'ENABLED',
        managed_scaling: { status: 'ENABLED', target_capacity: 100 },
      },
    });
    expect(synthesized.resources('aws_ecs_cluster_capacity_providers').ecs_cluster_capacity_providers).toMatchObject({
      cluster_name: '${aws_ecs_cluster.ecs_cluster.name}',
      capacity_providers: ['${aws_ecs_capacity_provider.ecs_capacity_provider.name}'],
    });
  });

  it('deploys the service rolling, with the circuit breaker rolling back a failed deployment', () => {
    expect(synthesized.resources('aws_ecs_service').api_service).toMatchObject({
      desired_count: 1,
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_controller: { type: 'ECS' },
      deployment_minimum_healthy_percent: 0,
      deployment_maximum_percent: 100,
      task_definition: '${aws_ecs_task_definition.api_task.arn}',
    });
  });

  it('gives CloudFront a stable origin: the Elastic IP the single host takes at boot', () => {
    const userData = String(synthesized.resources('aws_launch_template').ecs_hosts?.user_data);
    expect(userData).toContain('ECS_CLUSTER=test-cluster');
    expect(userData).toContain('associate-address');
    expect(userData).toContain('${aws_eip.api_host_address.allocation_id}');
    expect(synthesized.resolve(synthesized.stack.compute)).toEqual({
      clusterName: '${aws_ecs_cluster.ecs_cluster.name}',
      serviceNames: ['${aws_ecs_service.api_service.name}'],
      origin: { domainName: '${aws_eip.api_host_address.public_dns}', customerPort: 80, adminPort: 8080 },
    });
    expect(synthesized.config.output.api_origin?.value).toEqual({ domainName: '${aws_eip.api_host_address.public_dns}', customerPort: 80, adminPort: 8080 });
  });
});

describe('ECR', () => {
  it.each(imageNames)('%s: immutable tags, scanned on push, the last images kept and untagged ones expired', (image) => {
    const id = `ecr_${image.replace(/-/g, '_')}`;
    expect(synthesized.resources('aws_ecr_repository')[id]).toMatchObject({
      name: `${ENVIRONMENT}-${image}`,
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
    });
    const lifecycle = parseJson(synthesized.resources('aws_ecr_lifecycle_policy')[`${id}_lifecycle`]?.policy) as {
      rules: { selection: Record<string, unknown> }[];
    };
    expect(lifecycle.rules.map((rule) => rule.selection)).toEqual([
      { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: EXPIRE_UNTAGGED_AFTER_DAYS },
      { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: KEEP_TAGGED_IMAGES },
    ]);
  });

  it('are outputs for the pipeline, with the cluster and service names', () => {
    expect(synthesized.config.output.ecr_repositories?.value).toEqual({
      'customer-api': '${aws_ecr_repository.ecr_customer_api.repository_url}',
      'admin-api': '${aws_ecr_repository.ecr_admin_api.repository_url}',
      'outbox-relay': '${aws_ecr_repository.ecr_outbox_relay.repository_url}',
    });
    expect(synthesized.config.output.ecs?.value).toMatchObject({
      cluster: '${aws_ecs_cluster.ecs_cluster.name}',
      services: ['${aws_ecs_service.api_service.name}'],
    });
  });
});

describe('IAM', () => {
  const servicesRoot = fileURLToPath(new URL('../../services/', import.meta.url));
  const adminCalls = (service: string) => {
    const folder = `${servicesRoot}${service}/src/data-access/`;
    const sources = readdirSync(folder).map((file) => readFileSync(folder + file, 'utf8'));
    return [...new Set(sources.flatMap((source) => [...source.matchAll(/new (Admin[A-Za-z]+)Command\(/g)].map((match) => `cognito-idp:${match[1]}`)))].sort();
  };

  it.each([
    ['customer', 'CustomerPoolAdmin', 'user_pool_customers'],
    ['admin', 'StaffPoolAdmin', 'user_pool_staff'],
  ])('lets the task make exactly the Cognito admin calls the %s API makes, on its own pool only', (service, sid, pool) => {
    const statement = policy(synthesized, 'ecs_task').find((candidate) => candidate.Sid === sid);
    expect(adminCalls(service).length).toBeGreaterThan(0);
    expect([...(statement?.Action ?? [])].sort()).toEqual(adminCalls(service));
    expect(statement?.Resource).toEqual([`\${aws_cognito_user_pool.${pool}.arn}`]);
  });

  it('lets the task publish to the four topics, read export files and use the items of the tables, and nothing else besides Cognito', () => {
    const statements = policy(synthesized, 'ecs_task');
    expect(statements.map((statement) => statement.Sid)).toEqual([
      'CustomerPoolAdmin',
      'StaffPoolAdmin',
      'PublishEvents',
      'PresignExportDownloads',
      'UseTables',
    ]);
    const tables = statements.find((statement) => statement.Sid === 'UseTables');
    expect(tables?.Action).toEqual(TABLE_ITEM_ACTIONS);
    const tableArns = Object.keys(topology.tables).map((table) => `\${aws_dynamodb_table.table_${table}.arn}`);
    expect([...(tables?.Resource ?? [])].sort()).toEqual([...tableArns, ...tableArns.map((arn) => `${arn}/index/*`)].sort());
    const presign = statements.find((statement) => statement.Sid === 'PresignExportDownloads');
    expect(presign?.Action).toEqual(['s3:GetObject']);
    expect(presign?.Resource).toEqual(['${aws_s3_bucket.bucket_exports.arn}/exports/*']);
    const publish = statements.find((statement) => statement.Sid === 'PublishEvents');
    expect(publish?.Action).toEqual(['sns:Publish']);
    expect(publish?.Resource.sort()).toEqual(topology.topics.map((topic) => `\${aws_sns_topic.topic_${topic}.arn}`).sort());
  });

  it('lets only the execution role read the secrets the containers use, and the functions only the database URL (the campaign sender also its link secret)', () => {
    const readers = Object.entries(synthesized.resources('aws_iam_role_policy')).filter(([, inline]) => String(inline.policy).includes('secretsmanager:'));
    expect(readers.map(([id]) => id)).toEqual([
      'lambda_analytics_insights_policy',
      'lambda_analytics_policy',
      'lambda_campaign_sender_policy',
      'lambda_exporter_policy',
      'lambda_history_writer_policy',
      'lambda_notifier_policy',
      'lambda_points_expiry_policy',
      'lambda_transactions_processor_policy',
      'role_ecs_execution_policy',
    ]);
    for (const fn of ['analytics', 'analytics_insights', 'history_writer', 'notifier', 'points_expiry', 'transactions_processor']) {
      const inline = synthesized.resources('aws_iam_role_policy')[`lambda_${fn}_policy`];
      const read = (parseJson(inline?.policy) as { Statement: PolicyStatement[] }).Statement.find((statement) =>
        statement.Action.some((action) => action.startsWith('secretsmanager:')),
      );
      expect(read?.Resource).toEqual(['${aws_secretsmanager_secret.secret_database_url.arn}']);
    }
    const campaignRead = (
      parseJson(synthesized.resources('aws_iam_role_policy').lambda_campaign_sender_policy?.policy) as { Statement: PolicyStatement[] }
    ).Statement.find((statement) => statement.Action.some((action) => action.startsWith('secretsmanager:')));
    expect(campaignRead?.Resource).toEqual([
      '${aws_secretsmanager_secret.secret_database_url.arn}',
      '${aws_secretsmanager_secret.secret_unsubscribe_signing.arn}',
    ]);
    const read = policy(synthesized, 'ecs_execution').find((statement) => statement.Sid === 'ReadSecrets');
    expect(read?.Action).toEqual(['secretsmanager:GetSecretValue']);
    expect(read?.Resource.sort()).toEqual(
      ['auth_session', 'database_url', 'qr_signing', 'unsubscribe_signing'].map((secret) => `\${aws_secretsmanager_secret.secret_${secret}.arn}`),
    );
  });

  it.each(['initial', 'growth', 'scale-out'] as const)(
    'has no wildcard action anywhere and a wildcard resource only where the action has no resource (%s)',
    (phase) => {
      const s = synthesizePhase(phase);
      const statements = Object.values(s.resources('aws_iam_role_policy')).flatMap(
        (inline) => (parseJson(inline.policy) as { Statement: PolicyStatement[] }).Statement,
      );
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.flatMap((statement) => statement.Action).filter((action) => action.includes('*'))).toEqual([]);
      const wildcardResources = statements.filter((statement) => statement.Resource.some((resource) => resource === '*'));
      // ECR's token and the Lambda ENI calls are documented for "*" only (lambda-functions.ts says why).
      const functionCount = Object.keys(lambdaFunctions).length;
      expect(wildcardResources.map((statement) => statement.Action)).toEqual([
        ...Array.from({ length: functionCount }, () => VPC_NETWORK_INTERFACE_ACTIONS),
        ['ecr:GetAuthorizationToken'],
      ]);
    },
  );

  it("lets the host take only the stack's Elastic IP, and lets the ECS agent work through the AWS-managed policy", () => {
    const [statement, ...others] = policy(synthesized, 'ecs_host');
    expect(others).toEqual([]);
    expect(statement?.Action).toEqual(['ec2:AssociateAddress']);
    expect(statement?.Resource[0]).toContain('elastic-ip/${aws_eip.api_host_address.allocation_id}');
    expect(synthesized.resources('aws_iam_role_policy_attachment').role_ecs_host_agent?.policy_arn).toBe(
      'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
    );
  });
});
