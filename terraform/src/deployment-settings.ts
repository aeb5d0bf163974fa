/**
 * What differs between one team's environments and another's: read once from the environment by
 * main.ts (and from literals by the tests), validated before anything is synthesized.
 */

export const phases = ['initial', 'growth', 'scale-out'] as const;
export type Phase = (typeof phases)[number];

export const imageNames = ['customer-api', 'admin-api', 'outbox-relay'] as const;
export type ImageName = (typeof imageNames)[number];

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
  /** LOYALTY_IMAGE_TAG: the tag every image was pushed with (the pipeline uses the commit). */
  imageTag: string;
  /**
   * LOYALTY_IMAGE_DIGESTS: JSON {"customer-api": "sha256:...", ...} from the pipeline's push. An image
   * with a digest runs by digest, so a task definition names exactly the bytes that were pushed.
   */
  imageDigests: Partial<Record<ImageName, string>>;
  /** LOYALTY_LAMBDA_DIR: where `npm run build` left the zips (default ../dist/lambda from terraform/). */
  lambdaArtifactsDir: string;
  /** LOYALTY_EXPORTS_REPLICA_REGION: when set, the exports bucket replicates to a bucket in that region. */
  exportsReplicaRegion?: string;
  /** LOYALTY_DYNAMODB_REPLICA_REGIONS: comma-separated; scale-out only, turns the tables into global tables. */
  dynamoReplicaRegions: string[];
  /** LOYALTY_GITHUB_REPOSITORY ("owner/name"): when set, the stack holds the role deploy.yml assumes through GitHub OIDC. */
  githubRepository?: string;
  /** LOYALTY_GITHUB_OIDC_PROVIDER_ARN: the account's existing GitHub OIDC provider, if another stack made it. */
  githubOidcProviderArn?: string;
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
    imageDigests: imageDigests(env.LOYALTY_IMAGE_DIGESTS),
    lambdaArtifactsDir: env.LOYALTY_LAMBDA_DIR || defaults.lambdaArtifactsDir,
    exportsReplicaRegion: env.LOYALTY_EXPORTS_REPLICA_REGION || undefined,
    dynamoReplicaRegions: list(env.LOYALTY_DYNAMODB_REPLICA_REGIONS) ?? [],
    githubRepository: env.LOYALTY_GITHUB_REPOSITORY || undefined,
    githubOidcProviderArn: env.LOYALTY_GITHUB_OIDC_PROVIDER_ARN || undefined,
  };
  if (settings.githubRepository && !/^[\w.-]+\/[\w.-]+$/.test(settings.githubRepository)) {
    throw new Error(`LOYALTY_GITHUB_REPOSITORY must be "owner/name", not "${settings.githubRepository}"`);
  }
  if (settings.dynamoReplicaRegions.length > 0 && phase !== 'scale-out') {
    throw new Error('LOYALTY_DYNAMODB_REPLICA_REGIONS (global tables) is a scale-out option; set LOYALTY_PHASE=scale-out');
  }
  return settings;
}

function imageDigests(json: string | undefined): Partial<Record<ImageName, string>> {
  if (!json) return {};
  const invalid = new Error(`LOYALTY_IMAGE_DIGESTS must be JSON mapping ${imageNames.join(', ')} to sha256:<hex> digests`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalid;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid;
  const entries = Object.entries(parsed);
  const valid = entries.every(
    ([image, digest]) => (imageNames as readonly string[]).includes(image) && typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest),
  );
  if (!valid) throw invalid;
  return Object.fromEntries(entries) as Partial<Record<ImageName, string>>;
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
