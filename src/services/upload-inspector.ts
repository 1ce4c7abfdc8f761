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

  /** The type decided from the first bytes; only once the stream has ended without error. */
  decidedType(): ImageType {
    if (!this.type) throw new Error('the image type is not decided yet');
    return this.type;
  }

  digestHex(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.type) {
      done(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) {
      done();
      return;
    }
    this.decide(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.type) {
      done();
      return;
    }
    if (this.headLength === 0) {
      done(badRequest('The file is empty', 'empty_file'));
      return;
    }
    this.decide(done);
  }

  private decide(done: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.type = sniffImageType(head);
    this.head = [];
    if (!this.type) {
      done(
        unsupportedMedia(
          'The file is not a supported image (JPEG, PNG, WebP, GIF, AVIF, HEIC or TIFF), whatever its name or declared type',
        ),
      );
      return;
    }
    done(null, head);
  }
}
