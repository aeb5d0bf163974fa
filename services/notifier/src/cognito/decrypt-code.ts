import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { type AwsEsdkKMSInterface, KmsKeyringClass } from '@aws-crypto/kms-keyring';
import { CommitmentPolicy, KeyringNode, type Newable, type NodeAlgorithmSuite } from '@aws-crypto/material-management-node';
import type { KmsDecrypter } from './kms-decrypt.js';

export type CodeDecrypter = (encryptedCode: string) => Promise<string>;

// Cognito encrypts with the AWS Encryption SDK; its messages allow decryption under this policy.
const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);

// The SDK's own KmsKeyringNode is built exactly so; it only adds a default client from aws-sdk v2, which we do not ship.
class CodeKeyring extends KmsKeyringClass<NodeAlgorithmSuite, AwsEsdkKMSInterface>(KeyringNode as Newable<KeyringNode>) {}

/**
 * Opens the code Cognito hands a CustomEmailSender: an Encryption SDK message whose data key is
 * wrapped by our KMS key. Only `keyArn` is trusted, so a message wrapped by any other key fails.
 */
export function codeDecrypter(kms: KmsDecrypter, keyArn: string): CodeDecrypter {
  const client: AwsEsdkKMSInterface = {
    decrypt: (input) => kms.decrypt(input),
    encrypt: () => Promise.reject(new Error('this keyring only decrypts')),
    generateDataKey: () => Promise.reject(new Error('this keyring only decrypts')),
  };
  const keyring = new CodeKeyring({ clientProvider: () => client, keyIds: [keyArn] });
  return async (encryptedCode) => {
    const { plaintext } = await decrypt(keyring, Buffer.from(encryptedCode, 'base64'));
    return plaintext.toString('utf8');
  };
}
