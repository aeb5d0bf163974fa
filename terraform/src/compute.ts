import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy/index.js';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target/index.js';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter/index.js';
import { EcsCapacityProvider } from '@cdktf/provider-aws/lib/ecs-capacity-provider/index.js';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster/index.js';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers/index.js';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service/index.js';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition/index.js';
import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template/index.js';
import { Lb } from '@cdktf/provider-aws/lib/lb/index.js';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener/index.js';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Fn, Token } from 'cdktf';
import type { Construct } from 'constructs';
import type { Repositories } from './container-registry.js';
import { containerDefinitions, portMappings, type ServiceContainer, TASK_CPU, TASK_MEMORY } from './containers.js';
import { type PolicyStatement, serviceRole } from './iam.js';
import type { Network } from './network.js';
import type { PhaseSettings } from './phases.js';
import type { ComputeOutputs } from './stack-seams.js';

export const ECS_AMI_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';
// The ECS-optimised AMI's snapshot is 30 GiB: the root volume cannot be smaller.
export const HOST_ROOT_VOLUME_GB = 30;
export const LOG_RETENTION_DAYS = 30;
const HEALTH_CHECK_PATH = '/healthz';
// AWS maintains it as the ECS agent's needs change; the containers cannot reach the host's
// credentials (instance metadata answers one hop only, and the tasks have roles of their own).
export const ECS_INSTANCE_MANAGED_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role';

export interface ComputeProps {
  environment: string;
  region: string;
  accountId: string;
  phase: PhaseSettings;
  network: Network;
  repositories: Repositories;
  containers: { customerApi: ServiceContainer; adminApi: ServiceContainer; outboxRelay: ServiceContainer };
  redisInTask: boolean;
  /** Secrets Manager secrets the execution role may read, to hand them to the containers. */
  secretArns: string[];
  /** What the task role may do: the union of what its processes call (ECS gives one role per task). */
  taskStatements: PolicyStatement[];
}

export interface Compute extends ComputeOutputs {
  cluster: EcsCluster;
  service: EcsService;
  taskDefinition: EcsTaskDefinition;
  hostSecurityGroupId: string;
  logGroupName: string;
}

/**
 * ECS on EC2 in bridge mode. The task's containers keep the spec's port mappings (customer 80:80,
 * admin 8080:80, Redis 6379) on the host, whose public address CloudFront reaches directly: awsvpc
 * would give each task an ENI without a public address, and so need a load balancer or NAT from day
 * one; and awsvpc cannot map 8080 to 80. Bridge mode ties one task to one host (static ports), which
 * the spec's sizes do anyway (the task takes the whole t3.small).
 */
export function addCompute(scope: Construct, name: (logicalName: string) => string, props: ComputeProps): Compute {
  const { environment, region, accountId, phase, network, repositories } = props;
  const clusterName = name('cluster');

  const logGroup = new CloudwatchLogGroup(scope, 'ecs_log_group', { name: `/ecs/loyalty-${environment}`, retentionInDays: LOG_RETENTION_DAYS });

  const hostSecurityGroup = network.securityGroup(scope, 'security_group_hosts', 'ecs-hosts', 'ECS hosts: API ports from CloudFront or the load balancer only');
  new VpcSecurityGroupEgressRule(scope, 'hosts_egress_https', {
    securityGroupId: hostSecurityGroup.id,
    description: 'AWS APIs (ECS, ECR, logs, Secrets Manager, SNS, Cognito) and the social identity providers',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIpv4: '0.0.0.0/0',
  });
  const customerPort = portMappings['customer-api'].hostPort;
  const adminPort = portMappings['admin-api'].hostPort;
  const cloudFrontCustomer = network.admitFromCloudFront(scope, 'security_group_cloudfront_customer', 'cloudfront-customer-api', customerPort);
  const cloudFrontAdmin = network.admitFromCloudFront(scope, 'security_group_cloudfront_admin', 'cloudfront-admin-api', adminPort);

  const eip = phase.origin === 'host' ? new Eip(scope, 'api_host_address', { domain: 'vpc', tags: { Name: name('api-host') } }) : undefined;

  const hostRole = serviceRole(scope, 'ecs_host', {
    name: name('ecs-host'),
    service: 'ec2.amazonaws.com',
    accountId,
    description: 'The ECS container agent on the API hosts',
    statements: eip
      ? [
          {
            Sid: 'TakeTheApiAddress',
            Effect: 'Allow',
            Action: ['ec2:AssociateAddress'],
            Resource: [`arn:aws:ec2:${region}:${accountId}:elastic-ip/${eip.allocationId}`, `arn:aws:ec2:${region}:${accountId}:instance/*`],
          },
        ]
      : [],
  });
  new IamRolePolicyAttachment(scope, 'role_ecs_host_agent', { role: hostRole.name, policyArn: ECS_INSTANCE_MANAGED_POLICY });
  const hostProfile = new IamInstanceProfile(scope, 'ecs_host_profile', { name: name('ecs-host'), role: hostRole.name });

  const ami = new DataAwsSsmParameter(scope, 'ecs_ami', { name: ECS_AMI_PARAMETER });
  const launchTemplate = new LaunchTemplate(scope, 'ecs_hosts', {
    name: name('ecs-host'),
    imageId: ami.value,
    instanceType: phase.hosts.instanceType,
    iamInstanceProfile: { arn: hostProfile.arn },
    networkInterfaces: [
      {
        associatePublicIpAddress: 'true',
        deleteOnTermination: 'true',
        securityGroups: [hostSecurityGroup.id, ...(phase.origin === 'host' ? [cloudFrontCustomer.id, cloudFrontAdmin.id] : [])],
      },
    ],
    metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [
      { deviceName: '/dev/xvda', ebs: { volumeSize: HOST_ROOT_VOLUME_GB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } },
    ],
    userData: Fn.base64encode(hostUserData(clusterName, region, eip?.allocationId)),
    updateDefaultVersion: true,
    tagSpecifications: [{ resourceType: 'instance', tags: { Name: name('ecs-host') } }],
  });
  const hosts = new AutoscalingGroup(scope, 'ecs_hosts_group', {
    name: name('ecs-hosts'),
    minSize: phase.hosts.min,
    maxSize: phase.hosts.max,
    desiredCapacity: phase.hosts.min,
    vpcZoneIdentifier: network.publicSubnetIds.slice(0, phase.hosts.availabilityZones),
    launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
    healthCheckType: 'EC2',
    // The capacity provider decides which host may go (managed termination protection).
    protectFromScaleIn: true,
    tag: [
      { key: 'AmazonECSManaged', value: 'true', propagateAtLaunch: true },
      { key: 'Name', value: name('ecs-host'), propagateAtLaunch: true },
    ],
    lifecycle: { ignoreChanges: ['desired_capacity'] },
  });

  const cluster = new EcsCluster(scope, 'ecs_cluster', { name: clusterName, setting: [{ name: 'containerInsights', value: 'disabled' }] });
  const capacityProvider = new EcsCapacityProvider(scope, 'ecs_capacity_provider', {
    name: name('ecs-hosts'),
    autoScalingGroupProvider: {
      autoScalingGroupArn: hosts.arn,
      managedTerminationProtection: 'ENABLED',
      managedDraining: 'ENABLED',
      managedScaling: { status: 'ENABLED', targetCapacity: 100, minimumScalingStepSize: 1, maximumScalingStepSize: 1 },
    },
  });
  const clusterCapacity = new EcsClusterCapacityProviders(scope, 'ecs_cluster_capacity_providers', {
    clusterName: cluster.name,
    capacityProviders: [capacityProvider.name],
    defaultCapacityProviderStrategy: [{ capacityProvider: capacityProvider.name, weight: 1, base: 0 }],
  });

  const executionRole = serviceRole(scope, 'ecs_execution', {
    name: name('ecs-execution'),
    service: 'ecs-tasks.amazonaws.com',
    accountId,
    description: 'Pulls the API images, writes their logs and hands them their secrets',
    statements: [
      // GetAuthorizationToken has no resource to scope it to.
      { Sid: 'RegistryToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      {
        Sid: 'PullImages',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: Object.values(repositories).map((repository) => repository.arn),
      },
      { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${logGroup.arn}:log-stream:*`] },
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: props.secretArns },
    ],
  });
  const taskRole = serviceRole(scope, 'ecs_task', {
    name: name('ecs-task'),
    service: 'ecs-tasks.amazonaws.com',
    accountId,
    description: 'What the customer API, the admin API and the outbox relay call',
    statements: props.taskStatements,
  });

  const taskDefinition = new EcsTaskDefinition(scope, 'api_task', {
    family: name('api'),
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
    cpu: String(TASK_CPU),
    memory: String(TASK_MEMORY),
    executionRoleArn: executionRole.arn,
    taskRoleArn: taskRole.arn,
    containerDefinitions: JSON.stringify(containerDefinitions({ ...props.containers, redisContainer: props.redisInTask, logGroup: logGroup.name, region })),
  });

  const loadBalancer =
    phase.origin === 'load-balancer' ? addLoadBalancer(scope, name, network, hostSecurityGroup.id, [cloudFrontCustomer.id, cloudFrontAdmin.id]) : undefined;

  const serviceName = name('api');
  const service = new EcsService(scope, 'api_service', {
    name: serviceName,
    cluster: cluster.id,
    taskDefinition: taskDefinition.arn,
    desiredCount: phase.tasks,
    capacityProviderStrategy: [{ capacityProvider: capacityProvider.name, weight: 1, base: 0 }],
    deploymentMinimumHealthyPercent: phase.deployment.minimumHealthyPercent,
    deploymentMaximumPercent: phase.deployment.maximumPercent,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentController: { type: 'ECS' },
    orderedPlacementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
    loadBalancer: loadBalancer?.targets,
    healthCheckGracePeriodSeconds: loadBalancer ? 120 : undefined,
    enableEcsManagedTags: true,
    propagateTags: 'SERVICE',
    dependsOn: [clusterCapacity],
    lifecycle: phase.autoScaling ? { ignoreChanges: ['desired_count'] } : undefined,
  });

  if (phase.autoScaling) {
    const target = new AppautoscalingTarget(scope, 'api_scaling_target', {
      serviceNamespace: 'ecs',
      resourceId: `service/${clusterName}/${serviceName}`,
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: phase.autoScaling.minTasks,
      maxCapacity: phase.autoScaling.maxTasks,
      dependsOn: [service],
    });
    new AppautoscalingPolicy(scope, 'api_scaling_cpu', {
      name: name('api-cpu'),
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: phase.autoScaling.targetCpuPercent,
        predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      },
    });
  }

  return {
    cluster,
    service,
    taskDefinition,
    hostSecurityGroupId: hostSecurityGroup.id,
    logGroupName: logGroup.name,
    clusterName: cluster.name,
    serviceNames: [service.name],
    origin: { domainName: loadBalancer?.lb.dnsName ?? (eip as Eip).publicDns, customerPort, adminPort },
    loadBalancerArnSuffix: loadBalancer?.lb.arnSuffix,
  };
}

function addLoadBalancer(
  scope: Construct,
  name: (logicalName: string) => string,
  network: Network,
  hostSecurityGroupId: string,
  cloudFrontSecurityGroupIds: string[],
) {
  const albSecurityGroup = network.securityGroup(scope, 'security_group_load_balancer', 'load-balancer', 'Load balancer: to the API ports of the ECS hosts');
  const lb = new Lb(scope, 'load_balancer', {
    name: name('api'),
    loadBalancerType: 'application',
    internal: false,
    subnets: network.publicSubnetIds,
    securityGroups: [albSecurityGroup.id, ...cloudFrontSecurityGroupIds],
    dropInvalidHeaderFields: true,
    idleTimeout: 60,
  });
  const targets = (['customer-api', 'admin-api'] as const).map((container) => {
    const port = portMappings[container].hostPort;
    const id = container.replace('-', '_');
    new VpcSecurityGroupEgressRule(scope, `load_balancer_egress_${id}`, {
      securityGroupId: albSecurityGroup.id,
      description: `${container} on the hosts`,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: hostSecurityGroupId,
    });
    new VpcSecurityGroupIngressRule(scope, `hosts_ingress_${id}`, {
      securityGroupId: hostSecurityGroupId,
      description: `${container} from the load balancer`,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: albSecurityGroup.id,
    });
    const targetGroup = new LbTargetGroup(scope, `target_group_${id}`, {
      name: name(container),
      port,
      protocol: 'HTTP',
      targetType: 'instance',
      vpcId: network.vpcId,
      deregistrationDelay: '30',
      healthCheck: { path: HEALTH_CHECK_PATH, matcher: '200', interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
    });
    // Plain HTTP, as to the single host in the initial phase: only CloudFront's origin-facing
    // addresses reach these ports, and CloudFront terminates the viewers' TLS.
    new LbListener(scope, `listener_${id}`, {
      loadBalancerArn: lb.arn,
      port,
      protocol: 'HTTP',
      defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
    });
    return { targetGroupArn: targetGroup.arn, containerName: container, containerPort: portMappings[container].containerPort };
  });
  return { lb, targets };
}

function hostUserData(clusterName: string, region: string, allocationId: string | undefined): string {
  const agent = `#!/bin/bash
set -euo pipefail
cat >> /etc/ecs/ecs.config <<'EOF'
ECS_CLUSTER=${clusterName}
ECS_ENABLE_TASK_IAM_ROLE=true
ECS_CONTAINER_STOP_TIMEOUT=30s
EOF
`;
  if (!allocationId) return agent;
  // The single host takes the stack's Elastic IP, so CloudFront's origin name survives a replaced host.
  // No double quotes: Fn.base64encode takes the script as a terraform string literal.
  return `${agent}token=$(curl -sfX PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
instance=$(curl -sf -H X-aws-ec2-metadata-token:$token http://169.254.169.254/latest/meta-data/instance-id)
command -v aws >/dev/null || dnf install -y awscli-2
aws ec2 associate-address --region ${region} --allocation-id ${allocationId} --instance-id $instance --allow-reassociation
`;
}
