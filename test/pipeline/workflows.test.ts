import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { GITHUB_DEPLOY_ENVIRONMENT, trustedSubjects } from '../../terraform/src/deploy-role.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  uses?: string;
  environment?: string | { name: string; url?: string };
  services?: Record<string, { image: string; ports: string[] }>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const workflow = (name: string) => load(read(`.github/workflows/${name}`)) as Workflow;
const ci = workflow('ci.yml');
const deploy = workflow('deploy.yml');
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
const runs = (job: Job | undefined) => (job?.steps ?? []).flatMap((step) => (step.run ? [step.run.trim()] : [])).join('\n');
const needs = (job: Job | undefined) => [job?.needs ?? []].flat();

describe('ci.yml', () => {
  it('runs .ci/run on every push and pull request, and for deploy.yml', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
    expect(ci.on.push).toBeNull();
    expect(runs(ci.jobs.test)).toBe('bash .ci/run');
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('gives .ci/run the PostgreSQL and Redis the tests expect on their default ports', () => {
    const services = ci.jobs.test?.services ?? {};
    expect(services.postgres?.ports).toEqual(['5432:5432']);
    expect(services.redis?.ports).toEqual(['6379:6379']);
    // The tests connect as postgres without a password (TOOLCHAIN: trust auth).
    expect(read('.github/workflows/ci.yml')).toContain('POSTGRES_HOST_AUTH_METHOD: trust');
  });
});

describe('deploy.yml', () => {
  it('runs on pushes to main and on v* tags only', () => {
    expect(deploy.on).toEqual({ push: { branches: ['main'], tags: ['v*'] } });
  });

  it('authenticates with GitHub OIDC to the deploy role, never with stored keys', () => {
    expect(deploy.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    const credentials = steps(deploy).filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials.length).toBeGreaterThanOrEqual(3);
    for (const step of credentials) {
      expect(step.with?.['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
      expect(Object.keys(step.with ?? {})).not.toEqual(expect.arrayContaining(['aws-access-key-id']));
    }
    expect(read('.github/workflows/deploy.yml')).not.toMatch(/secrets\.AWS|aws-secret-access-key/);
  });

  it('pins every action it takes from elsewhere to a full commit SHA', () => {
    for (const step of [...steps(ci), ...steps(deploy)].filter((candidate) => candidate.uses)) {
      expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    }
  });

  it('tests, builds, plans, applies behind the approval environment, then smoke-tests, in that order', () => {
    expect(deploy.jobs.test?.uses).toBe('./.github/workflows/ci.yml');
    expect(needs(deploy.jobs.build)).toEqual(['test']);
    expect(needs(deploy.jobs.plan)).toEqual(['build']);
    expect(needs(deploy.jobs.apply)).toEqual(expect.arrayContaining(['plan']));
    expect(needs(deploy.jobs.smoke)).toEqual(['apply']);
    const environment = deploy.jobs.apply?.environment;
    expect(typeof environment === 'object' ? environment.name : environment).toBe(GITHUB_DEPLOY_ENVIRONMENT);
    for (const job of ['test', 'build', 'plan', 'smoke']) expect(deploy.jobs[job]?.environment).toBeUndefined();
  });

  it('is what the deploy role trusts: the apply job’s environment is one of its subjects', () => {
    expect(trustedSubjects('acme/loyalty', GITHUB_DEPLOY_ENVIRONMENT)).toContain(`repo:acme/loyalty:environment:${GITHUB_DEPLOY_ENVIRONMENT}`);
  });

  it('shows the saved plan in the job summary and applies exactly that plan', () => {
    const plan = runs(deploy.jobs.plan);
    expect(plan).toContain('npm run synth -w terraform');
    expect(plan).toMatch(/terraform plan .*-out=plan\.tfplan/);
    expect(plan).toMatch(/terraform show -no-color plan\.tfplan/);
    expect(plan).toContain('$GITHUB_STEP_SUMMARY');
    const apply = runs(deploy.jobs.apply);
    expect(apply).toMatch(/terraform apply .*plan\.tfplan/);
    expect(apply).not.toMatch(/terraform plan|-auto-approve/);
  });

  it('pushes the images, records their digests, and checks that ECS runs exactly those after the rollout', () => {
    const build = runs(deploy.jobs.build);
    expect(build).toContain('npm run build');
    for (const repository of ['customer-api', 'admin-api', 'outbox-relay']) expect(build).toContain(repository);
    expect(build).toContain('.github/scripts/push-image.sh');
    expect(build).toContain('dist/image-digests.json');
    expect(read('.github/scripts/push-image.sh')).toMatch(/RepoDigests/);
    const synth = deploy.jobs.plan?.steps?.find((step) => step.run?.includes('npm run synth'));
    expect(synth?.env?.LOYALTY_IMAGE_TAG).toBeDefined();
    expect(synth?.run).toContain('LOYALTY_IMAGE_DIGESTS=');
    expect(runs(deploy.jobs.apply)).toMatch(/verify-rollout\.sh .*dist\/image-digests\.json/);
    const verify = read('.github/scripts/verify-rollout.sh');
    expect(verify).toContain('aws ecs wait services-stable');
    expect(verify).toContain('rolloutState');
    expect(verify).toContain('imageDigest');
  });

  it('uploads the built apps, kept as their own artifact, once terraform has applied', () => {
    const apply = deploy.jobs.apply?.steps ?? [];
    const applied = apply.findIndex((step) => step.run?.includes('terraform apply'));
    const uploaded = apply.findIndex((step) => step.run?.includes('.github/scripts/deploy-apps.sh'));
    expect(applied).toBeGreaterThanOrEqual(0);
    expect(uploaded).toBeGreaterThan(applied);
    expect(apply).toContainEqual(
      expect.objectContaining({ uses: expect.stringMatching(/^actions\/download-artifact@/), with: { name: 'apps', path: 'apps' } }),
    );
    expect(deploy.jobs.build?.steps).toContainEqual(
      expect.objectContaining({ with: expect.objectContaining({ name: 'apps', path: expect.stringContaining('apps/staff/dist/') }) }),
    );
  });

  it('smoke-tests /readyz on both APIs', () => {
    const smoke = runs(deploy.jobs.smoke);
    expect(smoke).toContain('.github/scripts/smoke-test.sh');
    expect(smoke).toContain('https://api.${LOYALTY_DOMAIN}/readyz');
    expect(smoke).toContain('https://admin-api.${LOYALTY_DOMAIN}/readyz');
  });
});

describe('smoke-test.sh', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const ready = request.url?.startsWith('/readyz') === true;
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: ready ? 'ok' : 'down' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const smoke = (...urls: string[]) =>
    promisify(execFile)('bash', [new URL('.github/scripts/smoke-test.sh', root).pathname, ...urls], { env: { ...process.env, SMOKE_RETRIES: '0' } });

  it('passes when every URL answers 200, printing each answer', async () => {
    const { stdout } = await smoke(`${base}/readyz`, `${base}/readyz?admin`);
    expect(stdout).toContain(`ok   ${base}/readyz {"status":"ok"}`);
  });

  it('fails, naming the URL and its answer, when one does not', async () => {
    await expect(smoke(`${base}/readyz`, `${base}/down`)).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining(`::error::${base}/down did not answer 200: {"status":"down"}`),
    });
  });
});
