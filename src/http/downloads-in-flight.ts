import { TooManyRequestsError } from '../domain/errors.js';

/**
 * At most `max` downloads per user at once in this process: each holds an original open and a response streaming.
 * Per process, as what it protects is: behind the ALB each API task counts its own.
 */
export class DownloadsInFlight {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release to call once the download is over, or a 429 when the user already has `max` under way. */
  acquire(userId: string): () => void {
    const count = this.counts.get(userId) ?? 0;
    if (count >= this.max) {
      throw new TooManyRequestsError('too_many_downloads', `At most ${this.max} downloads at once: wait for one to finish`, 5);
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
