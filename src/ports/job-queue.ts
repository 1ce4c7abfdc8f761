export interface ProcessPhotoJob {
  photoId: string;
  userId: string;
  /** The original's key. */
  key: string;
  /**
   * Absent: make the photo's variants (every upload's job). `full-size`: make
   * the full-size copy an `original` share serves, asked for by the API so
   * that it never decodes a whole photo itself.
   */
  task?: 'full-size';
}

export interface ReceivedJob {
  /** Identifies this delivery; ack/retry/extend take it. */
  receipt: string;
  job: ProcessPhotoJob;
  /** 1 on the first delivery. */
  attempt: number;
}

export interface JobQueue {
  /** Queues a job the API asks for. An upload's job comes with its write instead: the SQLite transaction, or S3's event. */
  send(job: ProcessPhotoJob): Promise<void>;
  /** Waits up to `waitMs` for a job; null when none came. */
  receive(waitMs: number): Promise<ReceivedJob | null>;
  /** Done: the job will not be delivered again. */
  ack(receipt: string): Promise<void>;
  /** Failed this time: redelivered later, or dead-lettered after the last attempt. */
  retry(receipt: string, error: string): Promise<{ deadLettered: boolean }>;
  /** Keeps a long job invisible to other consumers. */
  extend(receipt: string, seconds: number): Promise<void>;
  /** Makes jobs held by a consumer that died visible again (called when a worker starts). */
  recoverInFlight(): Promise<number>;
  stats(): Promise<{ waiting: number; inFlight: number; dead: number }>;
  check(): Promise<void>;
}

/** How a job ended: done (processed, or already was); gone (the photo was deleted meanwhile); rejected (not an image we can use); retry and dead_letter (failed). */
export type JobResult = 'done' | 'gone' | 'rejected' | 'retry' | 'dead_letter';
