import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { blobKeys } from '../../domain/blob-keys.js';
import type { BlobRange, BlobStore, StoredBlob } from '../../ports/blob-store.js';

export interface S3Buckets {
  /** Uploaded originals (`originals/…` keys). */
  originals: string;
  /** Derived images (`processed/…` keys), the CloudFront origin. */
  processed: string;
}

const isMissing = (err: unknown) =>
  err instanceof NoSuchKey ||
  err instanceof NotFound ||
  (err as { name?: string }).name === 'NotFound' ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Blobs in two S3 buckets chosen by key prefix. Uploads stream through
 * lib-storage (multipart above 8 MB, aborted on failure so nothing partial stays).
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly buckets: S3Buckets,
  ) {}

  bucketOf(key: string): string {
    return blobKeys.isOriginal(key) ? this.buckets.originals : this.buckets.processed;
  }

  async put(key: string, body: Readable, contentType: string): Promise<StoredBlob> {
    body.on('error', () => undefined); // surfaced by the upload itself
    let size = 0;
    body.on('data', (chunk: Buffer) => (size += chunk.length));
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucketOf(key), Key: key, Body: body, ContentType: contentType, ServerSideEncryption: 'AES256' },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
    if (body.errored) {
      await this.delete(key);
      throw body.errored;
    }
    return { size };
  }

  async get(key: string, range?: BlobRange): Promise<{ body: Readable; size: number } | null> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucketOf(key),
          Key: key,
          ...(range && { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      return { body: out.Body as Readable, size: out.ContentLength ?? 0 };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async read(key: string): Promise<Buffer | null> {
    const found = await this.get(key);
    if (!found) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of found.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucketOf(key), Key: key }));
      return { size: out.ContentLength ?? 0 };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucketOf(key), Key: key }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const Bucket = this.bucketOf(prefix);
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0) await this.s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async check(): Promise<void> {
    await this.s3.send(new HeadBucketCommand({ Bucket: this.buckets.originals }));
    await this.s3.send(new HeadBucketCommand({ Bucket: this.buckets.processed }));
  }
}
