import type { Phase } from './deployment-settings.js';

/**
 * The spec's growth phases (section 5) as numbers: the stack reads this table and nothing else decides
 * per phase. Where a phase adds something (a load balancer, a replica, ElastiCache, auto scaling), its
 * entry says so; everything not here is the same in every phase.
 */
export interface PhaseSettings {
  /** The ECS hosts: one task per host (the task takes the whole t3.small, and its host ports are static). */
  hosts: {
    instanceType: string;
    /** 1: the first availability zone only (beside the database); 2: spread across both. */
    availabilityZones: 1 | 2;
    min: number;
    max: number;
  };
  /** Running copies of the API task. */
  tasks: number;
  /**
   * Rolling deploy bounds. With static host ports and one task per host, a new task can only start
   * where an old one has stopped: one host means a short gap, two hosts replace one at a time.
   */
  deployment: { minimumHealthyPercent: number; maximumPercent: number };
  /** Where CloudFront sends API traffic: the one host's Elastic IP, or an Application Load Balancer. */
  origin: 'host' | 'load-balancer';
  database: { instanceClass: string; readReplica: boolean };
  /** Redis as the task's own container (the spec's 400 MB), or an ElastiCache node in its place. */
  cache: { kind: 'container' } | { kind: 'elasticache'; nodeType: string };
  /** Target tracking on the service's average CPU; the capacity provider adds hosts to fit the tasks. */
  autoScaling?: { minTasks: number; maxTasks: number; targetCpuPercent: number };
  /** Whether LOYALTY_DYNAMODB_REPLICA_REGIONS may turn the tables into global tables. */
  globalTables: boolean;
}

export const phaseSettings = {
  initial: {
    hosts: { instanceType: 't3.small', availabilityZones: 1, min: 1, max: 1 },
    tasks: 1,
    deployment: { minimumHealthyPercent: 0, maximumPercent: 100 },
    origin: 'host',
    database: { instanceClass: 'db.t3.micro', readReplica: false },
    cache: { kind: 'container' },
    globalTables: false,
  },
  growth: {
    hosts: { instanceType: 't3.small', availabilityZones: 2, min: 2, max: 2 },
    tasks: 2,
    deployment: { minimumHealthyPercent: 50, maximumPercent: 100 },
    origin: 'load-balancer',
    database: { instanceClass: 'db.t3.micro', readReplica: true },
    cache: { kind: 'elasticache', nodeType: 'cache.t3.micro' },
    globalTables: false,
  },
  'scale-out': {
    hosts: { instanceType: 't3.medium', availabilityZones: 2, min: 2, max: 6 },
    tasks: 2,
    deployment: { minimumHealthyPercent: 50, maximumPercent: 100 },
    origin: 'load-balancer',
    database: { instanceClass: 'db.t3.medium', readReplica: true },
    cache: { kind: 'elasticache', nodeType: 'cache.t3.small' },
    autoScaling: { minTasks: 2, maxTasks: 6, targetCpuPercent: 60 },
    globalTables: true,
  },
} as const satisfies Record<Phase, PhaseSettings>;

export function settingsOf(phase: Phase): PhaseSettings {
  return phaseSettings[phase];
}
