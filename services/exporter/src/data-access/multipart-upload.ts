import { Writable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  NoSuchUpload,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';

/** S3's smallest part but the last is 5 MiB; 8 MiB keeps 10,000 parts above 78 GiB. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

export interface ObjectLocation {
  bucket: string;
  key: string;
}

export interface MultipartTarget extends ObjectLocation {
  contentType: string;
  contentEncoding?: string;
  contentDisposition?: string;
  /** At least 5 MiB: S3 (and the emulator) refuse smaller parts but the last. */
  partSize?: number;
}

export interface StartedUpload {
  uploadId: string;
  /** Written to by the stream; finishing it completes the upload, an error aborts it. */
  writable: Writable;
  /** Bytes handed to S3 so far. */
  bytes(): number;
}

/**
 * A multipart upload as a Writable, one part in memory at a time: a part is sent when `partSize`
 * bytes have arrived, and the stream waits for it (backpressure), so memory stays flat whatever the
 * size. `@aws-sdk/lib-storage`'s Upload does this with concurrency; it is not in the lockfile.
 */
export async function startMultipartUpload(s3: S3Client, target: MultipartTarget): Promise<StartedUpload> {
  const partSize = target.partSize ?? DEFAULT_PART_SIZE;
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: target.bucket,
      Key: target.key,
      ContentType: target.contentType,
      ContentEncoding: target.contentEncoding,
      ContentDisposition: target.contentDisposition,
    }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error('S3 answered CreateMultipartUpload without an UploadId');
  const parts: CompletedPart[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let sent = 0;

  const sendPart = async (): Promise<void> => {
    const body = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    const PartNumber = parts.length + 1;
    const answer = await s3.send(new UploadPartCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId, PartNumber, Body: body }));
    parts.push({ PartNumber, ETag: answer.ETag });
    sent += body.length;
  };

  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < partSize) return done();
      sendPart().then(() => done(), done);
    },
    final(done) {
      const finish = async () => {
        if (pendingBytes > 0 || parts.length === 0) await sendPart();
        await s3.send(new CompleteMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
      };
      finish().then(() => done(), done);
    },
    destroy(error, done) {
      if (!error) return done(null);
      abortMultipartUpload(s3, target, uploadId).then(
        () => done(error),
        () => done(error),
      );
    },
  });
  return { uploadId, writable, bytes: () => sent };
}

/** Aborting an upload that completed or was aborted already is not an error: the goal is that none is left. */
export async function abortMultipartUpload(s3: S3Client, location: ObjectLocation, uploadId: string): Promise<void> {
  try {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: location.bucket, Key: location.key, UploadId: uploadId }));
  } catch (error) {
    if (!(error instanceof NoSuchUpload)) throw error;
  }
}
