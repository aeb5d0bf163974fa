import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface PresignedUrl {
  url: string;
  expiresAt: Date;
}

/**
 * On AWS a URL signed with temporary credentials stops working when they expire, whatever `expiresIn` says.
 * The signer is loaded on the first link, not at start: the exporter's cold start has the least headroom of all functions.
 */
export async function presignGetObject(s3: S3Client, bucket: string, key: string, expiresInSeconds: number, now = new Date()): Promise<PresignedUrl> {
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds, signingDate: now });
  return { url, expiresAt: new Date(now.getTime() + expiresInSeconds * 1000) };
}
