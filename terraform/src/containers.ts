/**
 * The containers of the API task, as ECS's container definitions. The numbers are the spec's
 * (section 2.2): customer API 900 MB / 1024 CPU units, admin API 600 MB / 512, Redis 400 MB / 256,
 * on a task of 2048 CPU units and 1900 MB, in bridge mode with the spec's port mappings.
 */

export const TASK_CPU = 2048;
export const TASK_MEMORY = 1900;

export const containerSizes = {
  'customer-api': { memory: 900, cpu: 1024 },
  'admin-api': { memory: 600, cpu: 512 },
  redis: { memory: 400, cpu: 256 },
} as const;

/**
 * V8's heap for each API, sized to its container: left alone, V8 sizes it from the memory it can see
 * and lets the young generation grow to 64 MiB semi-spaces (192 MiB) under load, so the bench's admin API
 * sat at 300-450 MiB after load with 40 MiB of live objects. About two thirds of the container for
 * the old generation leaves the rest for the young one (3 × 16 MiB), code and buffers; a smaller old
 * generation (96 MiB) collected without end on the write path. `npm run bench:api-memory` compares.
 */
export const apiNodeOptions = {
  'customer-api': '--max-old-space-size=576 --max-semi-space-size=16',
  'admin-api': '--max-old-space-size=384 --max-semi-space-size=16',
} as const satisfies Record<'customer-api' | 'admin-api', string>;

/** The relay has no memory of its own: it shares the task's 1900 MB, which the hard limits above fill only at their peaks. */
export const RELAY_CPU = 256;
export const RELAY_PORT = 3003;

/** The spec's port mappings: host port -> container port. */
export const portMappings = {
  'customer-api': { hostPort: 80, containerPort: 80 },
  'admin-api': { hostPort: 8080, containerPort: 80 },
  redis: { hostPort: 6379, containerPort: 6379 },
} as const;

// ECR Public mirrors Docker's official images, without Docker Hub's pull limits.
export const REDIS_IMAGE = 'public.ecr.aws/docker/library/redis:7.4-alpine';
// Below the container's 400 MB hard limit, so Redis evicts keys before the kernel kills it; only keys
// with a TTL are evicted (rate-limit windows, cache entries), never a denylist entry without one.
const REDIS_COMMAND = ['redis-server', '--save', '', '--appendonly', 'no', '--maxmemory', '320mb', '--maxmemory-policy', 'volatile-lru'];

export type NameValue = { name: string; value: string };
export type SecretReference = { name: string; valueFrom: string };

export interface ContainerDefinition {
  name: string;
  image: string;
  essential: boolean;
  cpu: number;
  memory?: number;
  portMappings?: { containerPort: number; hostPort: number; protocol: 'tcp' }[];
  environment?: NameValue[];
  secrets?: SecretReference[];
  command?: string[];
  user?: string;
  links?: string[];
  dependsOn?: { containerName: string; condition: 'START' | 'HEALTHY' }[];
  healthCheck: { command: string[]; interval: number; timeout: number; retries: number; startPeriod: number };
  restartPolicy?: { enabled: boolean; restartAttemptPeriod: number };
  systemControls?: { namespace: string; value: string }[];
  logConfiguration: { logDriver: 'awslogs'; options: Record<string, string> };
}

export interface ServiceContainer {
  image: string;
  environment: Record<string, string>;
  /** Variable name -> ARN of the Secrets Manager secret holding its value. */
  secrets: Record<string, string>;
}

export interface TaskContainers {
  customerApi: ServiceContainer;
  adminApi: ServiceContainer;
  outboxRelay: ServiceContainer;
  /** Whether Redis runs as the task's own container (initial) or elsewhere (ElastiCache). */
  redisContainer: boolean;
  logGroup: string;
  region: string;
}

// The images' own HEALTHCHECK: GET /healthz on PORT.
const nodeHealthCheck = { command: ['CMD', 'node', '/app/healthcheck.mjs'], interval: 30, timeout: 5, retries: 3, startPeriod: 60 };
// The images run as a non-root user; ports below 1024 need this in the container's network namespace.
const unprivilegedPorts = [{ namespace: 'net.ipv4.ip_unprivileged_port_start', value: '0' }];

export function containerDefinitions(task: TaskContainers): ContainerDefinition[] {
  const logs = (streamPrefix: string) => ({
    logDriver: 'awslogs' as const,
    options: { 'awslogs-group': task.logGroup, 'awslogs-region': task.region, 'awslogs-stream-prefix': streamPrefix },
  });
  const toRedis = task.redisContainer ? { links: ['redis'], dependsOn: [{ containerName: 'redis', condition: 'START' as const }] } : {};
  const api = (name: 'customer-api' | 'admin-api', container: ServiceContainer): ContainerDefinition => ({
    name,
    image: container.image,
    essential: true,
    ...containerSizes[name],
    portMappings: [{ ...portMappings[name], protocol: 'tcp' }],
    environment: nameValues({ ...container.environment, PORT: String(portMappings[name].containerPort), NODE_OPTIONS: apiNodeOptions[name] }),
    secrets: secretReferences(container.secrets),
    ...toRedis,
    systemControls: unprivilegedPorts,
    healthCheck: nodeHealthCheck,
    logConfiguration: logs(name),
  });

  const definitions: ContainerDefinition[] = [
    api('customer-api', task.customerApi),
    api('admin-api', task.adminApi),
    {
      name: 'outbox-relay',
      image: task.outboxRelay.image,
      // The APIs serve without it (their events wait in the outbox): a failing relay restarts on
      // its own and never takes the APIs down with it.
      essential: false,
      cpu: RELAY_CPU,
      environment: nameValues({ ...task.outboxRelay.environment, PORT: String(RELAY_PORT) }),
      secrets: secretReferences(task.outboxRelay.secrets),
      restartPolicy: { enabled: true, restartAttemptPeriod: 60 },
      healthCheck: nodeHealthCheck,
      logConfiguration: logs('outbox-relay'),
    },
  ];
  if (task.redisContainer) {
    definitions.push({
      name: 'redis',
      image: REDIS_IMAGE,
      essential: true,
      ...containerSizes.redis,
      portMappings: [{ ...portMappings.redis, protocol: 'tcp' }],
      command: REDIS_COMMAND,
      user: 'redis',
      healthCheck: { command: ['CMD', 'redis-cli', 'ping'], interval: 10, timeout: 3, retries: 3, startPeriod: 10 },
      logConfiguration: logs('redis'),
    });
  }
  return definitions;
}

function nameValues(record: Record<string, string>): NameValue[] {
  return Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
}

function secretReferences(record: Record<string, string>): SecretReference[] {
  return Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, valueFrom]) => ({ name, valueFrom }));
}
