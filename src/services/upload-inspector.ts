import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { badRequest, unsupportedMedia } from '../domain/errors.js';
import { SNIFF_BYTES, sniffImageType, type ImageType } from '../domain/image-type.js';

/**
 * Passes an upload through unchanged while it decides the image type from the
 * first bytes (failing the stream with a 415 for anything else), and counts and
 * hashes every byte on the way.
 */
export class UploadInspector extends Transform {
  type: ImageType | null = null;
  size = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;

  digestHex(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.type) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return done();
    this.decide(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.type) return done();
    if (this.headLength === 0) return done(badRequest('The file is empty', 'empty_file'));
    this.decide(done);
  }

  private decide(done: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.type = sniffImageType(head);
    this.head = [];
    if (!this.type) {
      return done(
        unsupportedMedia('The file is not a supported image (JPEG, PNG, WebP, GIF, AVIF, HEIC or TIFF), whatever its name or declared type'),
      );
    }
    done(null, head);
  }
}
