import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, LOOPBACK } from './listen.js';
import type { RunningEmulator } from './running-emulator.js';

export interface RunningKms extends RunningEmulator {
  /** The one symmetric key, as a key ARN and as an alias ARN (cognito-local wants both). */
  keyArn: string;
  aliasArn: string;
}

type Context = Record<string, string>;
interface KmsRequest {
  KeyId?: string;
  NumberOfBytes?: number;
  KeySpec?: string;
  Plaintext?: string;
  CiphertextBlob?: string;
  EncryptionContext?: Context;
}

class KmsError extends Error {
  readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The part of KMS that cognito-local's CustomEmailSender and our decryption use, on KMS's own wire
 * protocol (JSON 1.1, `X-Amz-Target: TrentService.<Operation>`): GenerateDataKey, Encrypt, Decrypt,
 * with one symmetric key that lives as long as the process. Ciphertexts are AES-256-GCM bound to the
 * key and the encryption context, so a wrong context fails as on KMS; they mean nothing to real KMS.
 */
export async function startKms(port: number, region = 'us-east-1', account = '000000000000'): Promise<RunningKms> {
  const keyId = randomUUID();
  const keyArn = `arn:aws:kms:${region}:${account}:key/${keyId}`;
  const aliasArn = `arn:aws:kms:${region}:${account}:alias/local-cognito-codes`;
  const names = new Set([keyId, keyArn, aliasArn, 'alias/local-cognito-codes']);
  const masterKey = randomBytes(32);

  const resolveKey = (id: string | undefined) => {
    if (id === undefined || !names.has(id)) throw new KmsError('NotFoundException', `Key '${id}' does not exist`);
  };
  const aad = (context: Context = {}) => Buffer.from(JSON.stringify([keyArn, Object.entries(context).sort(([a], [b]) => (a < b ? -1 : 1))]));
  const seal = (plaintext: Buffer, context?: Context) => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(aad(context));
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  };
  const open = (blob: string, context?: Context) => {
    const bytes = Buffer.from(blob, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, IV_BYTES)).setAAD(aad(context));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new KmsError('InvalidCiphertextException', 'The ciphertext or its encryption context is invalid');
    }
  };

  const operations: Record<string, (request: KmsRequest) => object> = {
    GenerateDataKey: (request) => {
      resolveKey(request.KeyId);
      const bytes = request.NumberOfBytes ?? (request.KeySpec === 'AES_128' ? 16 : 32);
      const plaintext = randomBytes(bytes);
      return { KeyId: keyArn, Plaintext: plaintext.toString('base64'), CiphertextBlob: seal(plaintext, request.EncryptionContext) };
    },
    Encrypt: (request) => {
      resolveKey(request.KeyId);
      return {
        KeyId: keyArn,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        CiphertextBlob: seal(Buffer.from(request.Plaintext ?? '', 'base64'), request.EncryptionContext),
      };
    },
    Decrypt: (request) => {
      if (request.KeyId !== undefined) resolveKey(request.KeyId);
      const plaintext = open(request.CiphertextBlob ?? '', request.EncryptionContext);
      return { KeyId: keyArn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', Plaintext: plaintext.toString('base64') };
    },
  };

  const server = createServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(body));
    };
    try {
      const operation = target.startsWith('TrentService.') ? operations[target.slice('TrentService.'.length)] : undefined;
      if (req.method !== 'POST' || !operation) throw new KmsError('UnsupportedOperationException', `${target || req.method} is not emulated`);
      reply(200, operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as KmsRequest));
    } catch (error) {
      const kms = error instanceof KmsError ? error : new KmsError('SerializationException', String(error));
      reply(400, { __type: kms.type, message: kms.message });
    }
  }
  const actualPort = await listenOnLoopback(server, port);
  return { endpoint: `http://${LOOPBACK}:${actualPort}`, keyArn, aliasArn, stop: () => closeServer(server) };
}
