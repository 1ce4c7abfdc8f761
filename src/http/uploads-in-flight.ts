import { TooManyRequestsError } from '../domain/errors.js';

/**
 * At most `max` uploads per user at once in this process: each holds a temp
 * file, a descriptor and a hashing stream, so one user cannot hold them all.
 * Per process, as those are: behind the ALB each API task counts its own.
 */
export class UploadsInFlight {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release to call once the upload is over, or a 429 when the user already has `max` in progress. */
  acquire(userId: string): () => void {
    const count = this.counts.get(userId) ?? 0;
    if (count >= this.max) {
      throw new TooManyRequestsError(
        'too_many_uploads',
        `At most ${this.max} uploads at once: send the next one when one of them has finished`,
        1,
      );
    }
    this.counts.set(userId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(userId) ?? 1) - 1;
      if (left > 0) this.counts.set(userId, left);
      else this.counts.delete(userId);
    };
  }
}
