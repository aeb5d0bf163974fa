import { pipeline, Transform, type Readable } from 'node:stream';
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, NoSuchUpload, type S3Client } from '@aws-sdk/client-s3';

/** S3's smallest part but the last, and the least memory (npm run bench:export); 10,000 parts still hold 48.8 GiB. */
export const DEFAULT_PART_SIZE = 5 * 1024 * 1024;
/** One part in flight: the stream waits while it is sent, so memory holds about two parts whatever the size (the 128 MiB budget). */
const PARTS_IN_FLIGHT = 1;

export interface ObjectLocation {
  bucket: string;
  key: string;
}

export interface UploadTarget extends ObjectLocation {
  contentType: string;
  contentDisposition?: string;
  /** At least 5 MiB: S3 (and the emulator) refuse smaller parts but the last. */
  partSize?: number;
}

/**
 * Streams `body` to the key with `@aws-sdk/lib-storage`'s Upload: a multipart upload (one PutObject
 * when it fits in one part), `PARTS_IN_FLIGHT` parts at a time, aborted by lib-storage when it fails.
 * `onUploadId` hears the multipart upload id once lib-storage has it (after the first part), so a
 * later attempt can abort the upload of one that died. Answers the bytes stored.
 */
export async function uploadStream(s3: S3Client, target: UploadTarget, body: Readable, onUploadId: (uploadId: string) => Promise<void>): Promise<number> {
  // Imported when an export runs, not when the Lambda starts: its cold start does not pay for it.
  const { Upload } = await import('@aws-sdk/lib-storage');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // A failing source destroys the counter, which fails the upload; lib-storage then aborts it.
  const counted = pipeline(body, counter, () => undefined);
  const upload = new Upload({
    client: s3,
    params: { Bucket: target.bucket, Key: target.key, Body: counted, ContentType: target.contentType, ContentDisposition: target.contentDisposition },
    partSize: target.partSize ?? DEFAULT_PART_SIZE,
    queueSize: PARTS_IN_FLIGHT,
  });
  // Settles, never rejects, so that a failure to record is not an unhandled rejection while the upload runs.
  let recorded: Promise<unknown> | undefined;
  let recordFailure: { error: unknown } | undefined;
  upload.on('httpUploadProgress', () => {
    if (recorded === undefined && upload.uploadId !== undefined) {
      recorded = onUploadId(upload.uploadId).catch((error: unknown) => {
        recordFailure = { error };
      });
    }
  });
  try {
    await upload.done();
  } catch (error) {
    // lib-storage has aborted its upload; the source must stop too, or its cursor stays open.
    counted.destroy();
    await recorded;
    throw error;
  }
  await recorded;
  if (recordFailure) throw recordFailure.error;
  return bytes;
}

/**
 * Aborts every multipart upload still open at the key: those of attempts that died. ListMultipartUploads
 * finds them all, the one whose id was never recorded included; `known` is aborted by id as well, since
 * the emulator does not list uploads. Aborting one that completed or was aborted already is not an error.
 */
export async function abortOpenUploads(s3: S3Client, location: ObjectLocation, known: string | null): Promise<string[]> {
  const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: location.bucket, Prefix: location.key }));
  const ids = new Set((listed.Uploads ?? []).filter((open) => open.Key === location.key && open.UploadId).map((open) => open.UploadId!));
  if (known) ids.add(known);
  for (const uploadId of ids) {
    try {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: location.bucket, Key: location.key, UploadId: uploadId }));
    } catch (error) {
      if (!(error instanceof NoSuchUpload)) throw error;
    }
  }
  return [...ids];
}
