import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Checksum, SourceData } from '@smithy/types';
import { AppError } from '@loyalty/platform';

export interface KmsDecryptInput {
  CiphertextBlob: Uint8Array;
  EncryptionContext?: Record<string, string>;
  KeyId?: string;
  GrantTokens?: string[];
}

export interface KmsDecryptOutput {
  KeyId: string;
  Plaintext: Uint8Array;
}

/** The one KMS call the Encryption SDK's keyring makes on decrypt, in the shape it accepts from an SDK v3 client. */
export interface KmsDecrypter {
  decrypt(input: KmsDecryptInput): Promise<KmsDecryptOutput>;
}

export interface KmsConnection {
  region: string;
  /** Unset on AWS: the regional endpoint and the function's role. */
  endpoint?: string;
}

const localCredentials: AwsCredentialIdentity = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * KMS Decrypt on its JSON 1.1 wire protocol, signed with SigV4. `@aws-sdk/client-kms` would do the
 * same but is not in this repository's lockfile; this is its one operation, and nothing else.
 */
export function kmsDecrypter({ region, endpoint }: KmsConnection): KmsDecrypter {
  const url = new URL(endpoint ?? `https://kms.${region}.amazonaws.com/`);
  const signer = new SignatureV4({
    service: 'kms',
    region,
    credentials: endpoint ? localCredentials : defaultProvider(),
    sha256: NodeSha256,
  });
  return {
    async decrypt(input) {
      const body = JSON.stringify({
        CiphertextBlob: Buffer.from(input.CiphertextBlob).toString('base64'),
        EncryptionContext: input.EncryptionContext,
        KeyId: input.KeyId,
        GrantTokens: input.GrantTokens,
      });
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Decrypt' },
        body,
      });
      const response = await fetch(url, { method: 'POST', headers: signed.headers, body });
      const answer = (await response.json()) as { KeyId?: string; Plaintext?: string; __type?: string; message?: string; Message?: string };
      if (!response.ok || answer.KeyId === undefined || answer.Plaintext === undefined) {
        throw new AppError({
          code: 'KMS_DECRYPT_FAILED',
          status: 502,
          detail: `KMS Decrypt answered ${response.status} ${answer.__type ?? ''}: ${answer.message ?? answer.Message ?? ''}`,
        });
      }
      return { KeyId: answer.KeyId, Plaintext: Buffer.from(answer.Plaintext, 'base64') };
    },
  };
}

class NodeSha256 implements Checksum {
  #hash: Hash | Hmac;
  readonly #secret: Buffer | undefined;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : toBuffer(secret);
    this.#hash = this.#fresh();
  }

  update(data: Uint8Array): void {
    this.#hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret ? createHmac('sha256', this.#secret) : createHash('sha256');
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
