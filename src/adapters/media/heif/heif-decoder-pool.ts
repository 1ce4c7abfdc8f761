import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DecodeReply, DecodeRequest } from './heif-decode-worker.js';
import { HeifDecodeError, type DecodedHeif } from './heif-decode-error.js';

export interface HeifDecoderPoolOptions {
  /** Threads decoding at once; each holds up to one photo's pixels in its WebAssembly heap. */
  threads: number;
  maxPixels: number;
  /** A thread is replaced after this many decodes: its WebAssembly heap only ever grows. */
  decodesPerThread?: number;
  /** An idle thread is stopped after this long, giving its heap back. */
  idleMs?: number;
  /** A decode still running after this long is stopped and the photo refused. */
  timeoutMs?: number;
}

interface Job {
  input: Uint8Array;
  resolve(decoded: DecodedHeif): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  decodes: number;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

// Built, the worker is heif-decode-worker.js beside this file; under the test runner, the .ts source.
const WORKER_URL = new URL(`./heif-decode-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * libheif (WebAssembly) in worker threads: HEIC decoding never blocks the
 * event loop, runs at most `threads` at a time, and a thread that decoded
 * many photos, sat idle or hung is thrown away with its memory.
 */
export class HeifDecoderPool {
  private readonly threads = new Set<Thread>();
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private readonly decodesPerThread: number;
  private readonly idleMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: HeifDecoderPoolOptions) {
    this.decodesPerThread = options.decodesPerThread ?? 50;
    this.idleMs = options.idleMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** The primary image as a TIFF with its colour profile; rejects with HeifDecodeError. */
  decode(input: Uint8Array): Promise<DecodedHeif> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.pump();
    });
  }

  /** Stops every thread; decodes in progress or still waiting are refused. */
  async close(): Promise<void> {
    const refused = [...this.waiting.splice(0), ...[...this.threads].flatMap((thread) => thread.job ?? [])];
    for (const job of refused) job.reject(new HeifDecodeError('unavailable', 'the HEIF decoder is shutting down'));
    await Promise.all([...this.threads].map((thread) => this.retire(thread)));
  }

  private pump(): void {
    for (let job = this.waiting.at(0); job; job = this.waiting.at(0)) {
      const thread = [...this.threads].find((t) => !t.job) ?? (this.threads.size < this.options.threads ? this.spawn() : null);
      if (!thread) return;
      this.waiting.shift();
      this.run(thread, job);
    }
  }

  private spawn(): Thread {
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: 64 } });
    const thread: Thread = { worker, decodes: 0, job: null, timer: null };
    worker.on('message', (reply: DecodeReply) => {
      this.settle(thread, reply);
    });
    worker.on('error', (err) => {
      this.fail(thread, err.message);
    });
    worker.on('exit', (code) => {
      this.fail(thread, `the decoder thread stopped (exit code ${code})`);
    });
    this.threads.add(thread);
    return thread;
  }

  private run(thread: Thread, job: Job): void {
    if (thread.timer) clearTimeout(thread.timer);
    thread.job = job;
    thread.worker.ref(); // a decode in progress keeps the process alive; an idle thread does not
    thread.timer = setTimeout(() => {
      this.fail(thread, `decoding took longer than ${this.timeoutMs / 1000} s`);
    }, this.timeoutMs);
    const request: DecodeRequest = { id: this.nextId++, input: job.input, maxPixels: this.options.maxPixels };
    thread.worker.postMessage(request);
  }

  private settle(thread: Thread, reply: DecodeReply): void {
    const job = thread.job;
    if (!job) return;
    thread.job = null;
    thread.decodes += 1;
    if (reply.ok) job.resolve({ tiff: Buffer.from(reply.tiff), width: reply.width, height: reply.height });
    else job.reject(new HeifDecodeError(reply.reason, reply.message));
    if (thread.decodes >= this.decodesPerThread) void this.retire(thread);
    else this.idle(thread);
    this.pump();
  }

  private idle(thread: Thread): void {
    if (thread.timer) clearTimeout(thread.timer);
    thread.worker.unref();
    thread.timer = setTimeout(() => void this.retire(thread), this.idleMs);
    thread.timer.unref();
  }

  /** The thread died or hung: its job is refused, the thread replaced when needed. */
  private fail(thread: Thread, message: string): void {
    const job = thread.job;
    thread.job = null;
    void this.retire(thread);
    job?.reject(new HeifDecodeError('unavailable', message));
    this.pump();
  }

  private async retire(thread: Thread): Promise<void> {
    if (!this.threads.delete(thread)) return;
    if (thread.timer) clearTimeout(thread.timer);
    thread.worker.removeAllListeners('exit');
    await thread.worker.terminate();
  }
}
