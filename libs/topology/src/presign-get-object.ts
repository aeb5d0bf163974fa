import { GetObjectCommand, type GetObjectCommandOutput, type S3Client, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-s3';
import { SignatureV4MultiRegion } from '@aws-sdk/signature-v4-multi-region';
import type { FinalizeRequestMiddleware, HttpRequest } from '@smithy/types';

export interface PresignedUrl {
  url: string;
  expiresAt: Date;
}

/**
 * A presigned S3 GET of the request the client itself builds (endpoint, path style, region): the
 * client's stack runs up to signing, and the SDK's own S3 SigV4 signer (the one the presigner uses)
 * signs it for the query string instead of sending it. That is what `getSignedUrl` of
 * `@aws-sdk/s3-request-presigner` does; that package is not in the lockfile, and with it this
 * becomes one call.
 * On AWS a URL signed with temporary credentials stops working when they expire, whatever `expiresIn` says.
 */
export async function presignGetObject(s3: S3Client, bucket: string, key: string, expiresInSeconds: number, now = new Date()): Promise<PresignedUrl> {
  const signer = new SignatureV4MultiRegion({
    service: 's3',
    region: s3.config.region,
    credentials: s3.config.credentials,
    sha256: s3.config.sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  let presigned: HttpRequest | undefined;
  const signForQueryString: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = () => async (args) => {
    const request = args.request as HttpRequest;
    for (const header of ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent']) delete request.headers[header];
    request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    request.headers.host = `${request.hostname}${request.port ? `:${request.port}` : ''}`;
    presigned = await signer.presign(request, { expiresIn: expiresInSeconds, signingDate: now, unsignableHeaders: new Set(['content-type']) });
    // Nothing is sent: the stack stops here with an empty answer.
    return { response: {}, output: { $metadata: {} } as GetObjectCommandOutput };
  };
  const stack = s3.middlewareStack.clone();
  stack.addRelativeTo(signForQueryString, { name: 'signForQueryString', relation: 'before', toMiddleware: 'awsAuthMiddleware', override: true });
  const command = new GetObjectCommand({ Bucket: bucket, Key: key });
  await command.resolveMiddleware(stack, s3.config, {})({ input: command.input });
  if (!presigned) throw new Error('the S3 client stack never reached signing');
  return { url: formatUrl(presigned), expiresAt: new Date(now.getTime() + expiresInSeconds * 1000) };
}

function formatUrl(request: HttpRequest): string {
  const port = request.port ? `:${request.port}` : '';
  const query = Object.entries(request.query ?? {})
    .flatMap(([name, value]) =>
      value === null ? [uriEscape(name)] : (Array.isArray(value) ? value : [value]).map((v) => `${uriEscape(name)}=${uriEscape(v)}`),
    )
    .join('&');
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
}

const uriEscape = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
