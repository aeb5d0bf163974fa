import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password/index.js';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import type { Construct } from 'constructs';

export interface Secret {
  arn: string;
  /** The value as terraform holds it (sensitive): for composing another secret from it. */
  value: string;
}

export interface SecretNaming {
  /** `<environment>/<name>`: one folder of secrets per environment. */
  name: (logicalName: string) => string;
  /** Production secrets wait 7 days before deletion; others go at once, so an environment can be re-created. */
  recoveryWindowInDays: number;
}

/** A secret holding `value`, which terraform rewrites whenever it changes. */
export function secretOf(scope: Construct, id: string, naming: SecretNaming, logicalName: string, description: string, value: string): Secret {
  const secret = new SecretsmanagerSecret(scope, `secret_${id}`, {
    name: naming.name(logicalName),
    description,
    recoveryWindowInDays: naming.recoveryWindowInDays,
  });
  const version = new SecretsmanagerSecretVersion(scope, `secret_${id}_value`, { secretId: secret.id, secretString: value });
  return { arn: secret.arn, value: version.secretString };
}

/**
 * A random secret, drawn once. Secrets Manager's GetRandomPassword answers anew at every plan, so
 * the stored value ignores later draws: an operator rotates it with `put-secret-value`, and terraform
 * leaves it. Letters and digits only, so it needs no escaping in a URL or an environment variable.
 */
export function generatedSecret(scope: Construct, id: string, naming: SecretNaming, logicalName: string, description: string, length = 64): Secret {
  const random = new DataAwsSecretsmanagerRandomPassword(scope, `random_${id}`, { passwordLength: length, excludePunctuation: true, includeSpace: false });
  const secret = new SecretsmanagerSecret(scope, `secret_${id}`, {
    name: naming.name(logicalName),
    description,
    recoveryWindowInDays: naming.recoveryWindowInDays,
  });
  const version = new SecretsmanagerSecretVersion(scope, `secret_${id}_value`, {
    secretId: secret.id,
    secretString: random.randomPassword,
    lifecycle: { ignoreChanges: ['secret_string'] },
  });
  return { arn: secret.arn, value: version.secretString };
}

export interface ApplicationSecrets {
  /** Signs the card QR codes (customer API) and verifies them (admin API). */
  qrSigning: Secret;
  /** Encrypts the admin API's sign-in session between steps. */
  authSession: Secret;
  /** Verifies marketing mails' one-click unsubscribe links (customer API); the campaign sender signs them. */
  unsubscribeSigning: Secret;
}

export function addApplicationSecrets(scope: Construct, naming: SecretNaming): ApplicationSecrets {
  return {
    qrSigning: generatedSecret(scope, 'qr_signing', naming, 'qr-signing-secret', 'QR_SIGNING_SECRET of the customer and admin APIs'),
    authSession: generatedSecret(scope, 'auth_session', naming, 'auth-session-secret', 'AUTH_SESSION_SECRET of the admin API'),
    unsubscribeSigning: generatedSecret(
      scope,
      'unsubscribe_signing',
      naming,
      'unsubscribe-signing-secret',
      'UNSUBSCRIBE_SIGNING_SECRET of the customer API and the campaign sender',
    ),
  };
}
