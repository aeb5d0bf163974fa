import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from 'cdktf';
import type { DeploymentSettings, Phase } from '../../src/deployment-settings.js';
import { PlatformStack, type PlatformStackProps } from '../../src/platform-stack.js';

Testing.setupJest();

export type Block = Record<string, unknown>;

export interface TerraformConfig {
  terraform: { backend: Record<string, Block> };
  provider: Record<string, Block[]>;
  output: Record<string, { value: unknown }>;
  resource: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
}

export interface Synthesized<Stack extends TerraformStack = PlatformStack> {
  /** What Testing.synth returns, for the cdktf matchers. */
  json: string;
  config: TerraformConfig;
  stack: Stack;
  /** Every resource of a terraform type, by its logical id. */
  resources(type: string): Record<string, Block>;
  /** The one resource of a type whose attribute has the value, e.g. a queue by its name. */
  resource(type: string, attribute: string, value: unknown): Block;
  /** The resource that a "${type.id.attribute}" reference points to. */
  referenced(reference: unknown): Block;
  /** A value of the stack's object (a seam) as the synthesized JSON spells it: "${type.id.attribute}". */
  resolve(value: unknown): unknown;
}

export const ENVIRONMENT = 'test';

export function deploymentSettings(overrides: Partial<DeploymentSettings> = {}): DeploymentSettings {
  return {
    phase: 'initial',
    domain: 'loyalty.example.org',
    hostedZoneId: 'Z0TEST',
    alertEmail: 'alerts@loyalty.example.org',
    callbackUrls: ['https://app.loyalty.example.org/auth/callback', 'https://app.loyalty.example.org/auth/other', 'https://m.loyalty.example.org/cb'],
    logoutUrls: ['https://app.loyalty.example.org/'],
    imageTag: 'v1.2.3',
    imageDigests: {},
    lambdaArtifactsDir: '/tmp/lambda',
    dynamoReplicaRegions: [],
    ...overrides,
  };
}

export function synthesize(props: Partial<PlatformStackProps> = {}): Synthesized {
  return inspect(new PlatformStack(Testing.app(), 'platform', { environment: ENVIRONMENT, region: 'eu-west-1', settings: deploymentSettings(), ...props }));
}

/** One part of the stack alone, in a stack of its own (region eu-west-1), built from literal seam values. */
export function synthesizePart(build: (stack: TerraformStack) => void): Synthesized<TerraformStack> {
  const stack = new TerraformStack(Testing.app(), 'part');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack);
  return inspect(stack);
}

function inspect<Stack extends TerraformStack>(stack: Stack): Synthesized<Stack> {
  const json = Testing.synth(stack);
  const config = JSON.parse(json) as TerraformConfig;
  const resources = (type: string) => config.resource[type] ?? {};
  return {
    json,
    config,
    stack,
    resources,
    resource(type, attribute, value) {
      const matches = Object.values(resources(type)).filter((block) => block[attribute] === value);
      if (matches.length !== 1) throw new Error(`expected one ${type} with ${attribute} = ${String(value)}, found ${matches.length}`);
      return matches[0] as Block;
    },
    resolve(value) {
      return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
    },
    referenced(reference) {
      const match = typeof reference === 'string' ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(reference) : null;
      const block = match ? resources(match[1] as string)[match[2] as string] : undefined;
      if (!block) throw new Error(`${String(reference)} is no reference to a resource of the stack`);
      return block;
    },
  };
}

export function synthesizePhase(phase: Phase, overrides: Partial<DeploymentSettings> = {}, props: Partial<PlatformStackProps> = {}): Synthesized {
  return synthesize({ ...props, settings: deploymentSettings({ phase, ...overrides }) });
}

export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') throw new Error(`expected a JSON string, got ${typeof value}`);
  return JSON.parse(value);
}
