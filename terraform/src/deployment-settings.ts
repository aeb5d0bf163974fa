/**
 * What differs between one team's environments and another's: read once from the environment by
 * main.ts (and from literals by the tests), validated before anything is synthesized.
 */

export const phases = ['initial', 'growth', 'scale-out'] as const;
export type Phase = (typeof phases)[number];

export interface DeploymentSettings {
  /** LOYALTY_PHASE: the spec's growth phase; a switch, the same stack in every phase. */
  phase: Phase;
  /** LOYALTY_DOMAIN: the apex the APIs live under (api.<domain>, admin-api.<domain>, auth.<domain>, mail from <domain>). */
  domain: string;
  /** LOYALTY_HOSTED_ZONE_ID: the Route 53 public zone of `domain`, created outside this stack. */
  hostedZoneId: string;
  /** LOYALTY_ALERT_EMAIL: who the alarms' SNS topic emails. */
  alertEmail: string;
  /** LOYALTY_CALLBACK_URLS / LOYALTY_LOGOUT_URLS: comma-separated OAuth redirect URLs of the customer apps. */
  callbackUrls: string[];
  logoutUrls: string[];
  /** LOYALTY_IMAGE_TAG: the image each ECS container runs, a digest (sha256:...) from the pipeline, or a tag. */
  imageTag: string;
  /** LOYALTY_LAMBDA_DIR: where `npm run build` left the zips (default ../dist/lambda from terraform/). */
  lambdaArtifactsDir: string;
  /** LOYALTY_EXPORTS_REPLICA_REGION: when set, the exports bucket replicates to a bucket in that region. */
  exportsReplicaRegion?: string;
  /** LOYALTY_DYNAMODB_REPLICA_REGIONS: comma-separated; scale-out only, turns the tables into global tables. */
  dynamoReplicaRegions: string[];
}

export function loadDeploymentSettings(env: NodeJS.ProcessEnv, defaults: { lambdaArtifactsDir: string }): DeploymentSettings {
  const phase = env.LOYALTY_PHASE || 'initial';
  if (!isPhase(phase)) throw new Error(`LOYALTY_PHASE must be one of ${phases.join(', ')}, not "${phase}"`);
  const domain = env.LOYALTY_DOMAIN || 'loyalty.example.com';
  const settings: DeploymentSettings = {
    phase,
    domain,
    hostedZoneId: env.LOYALTY_HOSTED_ZONE_ID || 'Z0000000000EXAMPLE',
    alertEmail: env.LOYALTY_ALERT_EMAIL || `alerts@${domain}`,
    callbackUrls: list(env.LOYALTY_CALLBACK_URLS) ?? [`https://app.${domain}/auth/callback`],
    logoutUrls: list(env.LOYALTY_LOGOUT_URLS) ?? [`https://app.${domain}/`],
    imageTag: env.LOYALTY_IMAGE_TAG || 'latest',
    lambdaArtifactsDir: env.LOYALTY_LAMBDA_DIR || defaults.lambdaArtifactsDir,
    exportsReplicaRegion: env.LOYALTY_EXPORTS_REPLICA_REGION || undefined,
    dynamoReplicaRegions: list(env.LOYALTY_DYNAMODB_REPLICA_REGIONS) ?? [],
  };
  if (settings.dynamoReplicaRegions.length > 0 && phase !== 'scale-out') {
    throw new Error('LOYALTY_DYNAMODB_REPLICA_REGIONS (global tables) is a scale-out option; set LOYALTY_PHASE=scale-out');
  }
  return settings;
}

function isPhase(value: string): value is Phase {
  return (phases as readonly string[]).includes(value);
}

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}
