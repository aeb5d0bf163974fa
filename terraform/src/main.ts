import { fileURLToPath } from 'node:url';
import { App } from 'cdktf';
import { loadDeploymentSettings } from './deployment-settings.js';
import { PlatformStack } from './platform-stack.js';

/**
 * Synthesizes the stack of one environment into terraform/cdktf.out/stacks/loyalty-<environment>:
 *   LOYALTY_ENVIRONMENT (default "dev"), AWS_REGION (default "us-east-1"),
 *   TF_STATE_BUCKET (optional: S3 state instead of a local file),
 *   and the LOYALTY_* deployment settings (LOYALTY_PHASE, LOYALTY_DOMAIN, ...: deployment-settings.ts).
 * The cdktf CLI sets CDKTF_OUTDIR itself; run directly, the output lands beside src/ whatever the cwd.
 */
const environment = process.env.LOYALTY_ENVIRONMENT ?? 'dev';
const region = process.env.AWS_REGION ?? 'us-east-1';
const stateBucket = process.env.TF_STATE_BUCKET || undefined;
const settings = loadDeploymentSettings(process.env, { lambdaArtifactsDir: fileURLToPath(new URL('../../dist/lambda', import.meta.url)) });

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? fileURLToPath(new URL('../cdktf.out', import.meta.url)) });
new PlatformStack(app, `loyalty-${environment}`, { environment, region, stateBucket, settings });
app.synth();
