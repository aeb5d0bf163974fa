import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export interface PresignedUrl {
  url: string;
  expiresAt: Date;
}

/** On AWS a URL signed with temporary credentials stops working when they expire, whatever `expiresIn` says. */
export async function presignGetObject(s3: S3Client, bucket: string, key: string, expiresInSeconds: number, now = new Date()): Promise<PresignedUrl> {
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds, signingDate: now });
  return { url, expiresAt: new Date(now.getTime() + expiresInSeconds * 1000) };
}
