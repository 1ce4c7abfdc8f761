import type { FileHandle } from 'node:fs/promises';

/**
 * Socket chunks (often 32–64 KB) are copied into one of two fixed buffers and written a
 * whole buffer at a time, one write in flight while the other fills. A thread-pool round
 * trip per chunk cost more CPU than parsing the multipart body (bench/RESULTS.md, upload
 * ingest); copying at once also lets each chunk die young instead of being held until its
 * write, so a long upload's memory stays flat.
 */
export const BATCH_BYTES = 256 * 1024;
const SPARE_LIMIT = 32;
const spare: Buffer[] = [];

function takeBuffer(): Buffer {
  return spare.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
}

export class BatchedFileWriter {
  private filling = takeBuffer();
  private filled = 0;
  private inFlight: { buffer: Buffer; done: Promise<unknown> } | null = null;
  private released = false;

  constructor(private readonly file: FileHandle) {}

  async write(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const copied = chunk.copy(this.filling, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === BATCH_BYTES) await this.flush();
    }
  }

  /** Writes what is left and waits for every write; the buffers go back to the pool. */
  async finish(): Promise<void> {
    await this.flush();
    const last = await this.settle();
    if (last) giveBack(last);
    this.release();
  }

  /** After a failure: waits for the write in flight (its buffer is in use) and returns the buffers. */
  async abandon(): Promise<void> {
    const last = await this.settle().catch(() => null);
    if (last) giveBack(last);
    this.release();
  }

  private async flush(): Promise<void> {
    const previous = await this.settle();
    if (this.filled === 0) {
      if (previous) giveBack(previous);
      return;
    }
    const buffer = this.filling;
    const done = this.file.write(buffer, 0, this.filled);
    // Awaited by the next flush, finish or abandon; until then a failure is not unhandled.
    done.catch(() => undefined);
    this.inFlight = { buffer, done };
    this.filling = previous ?? takeBuffer();
    this.filled = 0;
  }

  /** Waits for the write in flight; returns its buffer, free again. */
  private async settle(): Promise<Buffer | null> {
    const current = this.inFlight;
    if (!current) return null;
    this.inFlight = null;
    try {
      await current.done;
    } catch (err) {
      giveBack(current.buffer);
      throw err;
    }
    return current.buffer;
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    giveBack(this.filling);
  }
}

function giveBack(buffer: Buffer): void {
  if (spare.length < SPARE_LIMIT) spare.push(buffer);
}
