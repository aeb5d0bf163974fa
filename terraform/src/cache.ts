import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group/index.js';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import type { Construct } from 'constructs';
import type { Network } from './network.js';
import type { PhaseSettings } from './phases.js';

const REDIS_PORT = 6379;
/** Inside the task (bridge mode), the APIs reach the Redis container through its link name. */
export const REDIS_CONTAINER_URL = `redis://redis:${REDIS_PORT}`;

export interface Cache {
  /** REDIS_URL for the APIs. */
  url: string;
  /** Whether the task runs Redis itself. */
  inTask: boolean;
  /** Lets the ECS hosts reach ElastiCache (nothing to admit when Redis runs inside the task). */
  admit(scope: Construct, id: string, clientSecurityGroupId: string): void;
}

/** Redis for the APIs: the spec's container in the task at first, one ElastiCache node from the growth phase on. */
export function addCache(scope: Construct, name: (logicalName: string) => string, network: Network, phase: PhaseSettings): Cache {
  if (phase.cache.kind === 'container') return { url: REDIS_CONTAINER_URL, inTask: true, admit() {} };

  const securityGroup = network.securityGroup(scope, 'security_group_cache', 'cache', `Redis ${REDIS_PORT} from the ECS hosts`);
  const subnetGroup = new ElasticacheSubnetGroup(scope, 'cache_subnet_group', { name: name('cache'), subnetIds: network.privateSubnetIds });
  const redis = new ElasticacheReplicationGroup(scope, 'cache', {
    replicationGroupId: name('redis'),
    description: 'Token cache, sign-out denylist and rate limits of the APIs',
    engine: 'redis',
    engineVersion: '7.1',
    nodeType: phase.cache.nodeType,
    numCacheClusters: 1,
    port: REDIS_PORT,
    subnetGroupName: subnetGroup.name,
    securityGroupIds: [securityGroup.id],
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: 'true',
    automaticFailoverEnabled: false,
    multiAzEnabled: false,
    snapshotRetentionLimit: 0,
  });
  return {
    url: `rediss://${redis.primaryEndpointAddress}:${REDIS_PORT}`,
    inTask: false,
    admit(clientScope, id, clientSecurityGroupId) {
      new VpcSecurityGroupIngressRule(clientScope, `cache_ingress_${id}`, {
        securityGroupId: securityGroup.id,
        description: `Redis from ${id}`,
        ipProtocol: 'tcp',
        fromPort: REDIS_PORT,
        toPort: REDIS_PORT,
        referencedSecurityGroupId: clientSecurityGroupId,
      });
      new VpcSecurityGroupEgressRule(clientScope, `${id}_egress_cache`, {
        securityGroupId: clientSecurityGroupId,
        description: 'Redis to ElastiCache',
        ipProtocol: 'tcp',
        fromPort: REDIS_PORT,
        toPort: REDIS_PORT,
        referencedSecurityGroupId: securityGroup.id,
      });
    },
  };
}
