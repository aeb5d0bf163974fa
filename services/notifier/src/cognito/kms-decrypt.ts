import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
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

/** The one KMS call the Encryption SDK's keyring makes on decrypt. */
export interface KmsDecrypter {
  decrypt(input: KmsDecryptInput): Promise<KmsDecryptOutput>;
}

export interface KmsConnection {
  region: string;
  /** Unset on AWS: the regional endpoint and the function's role. */
  endpoint?: string;
}

/** KMS through the SDK client the nodejs24.x runtime ships (left out of the zip, like every @aws-sdk client). */
export function kmsDecrypter({ region, endpoint }: KmsConnection): KmsDecrypter {
  const client = new KMSClient(endpoint ? { region, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : { region });
  return {
    async decrypt(input) {
      const { KeyId, Plaintext } = await client.send(new DecryptCommand(input)).catch((error: unknown) => {
        throw new AppError({ code: 'KMS_DECRYPT_FAILED', status: 502, detail: `KMS Decrypt failed: ${String(error)}`, cause: error });
      });
      if (KeyId === undefined || Plaintext === undefined)
        throw new AppError({ code: 'KMS_DECRYPT_FAILED', status: 502, detail: 'KMS Decrypt answered without a key or plaintext' });
      return { KeyId, Plaintext };
    },
  };
}
