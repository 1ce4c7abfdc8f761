import type { Readable } from 'node:stream';

export interface StoredBlob {
  size: number;
}

export interface BlobRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /**
   * Streams `body` to `key`. Resolves only once the object is durable; if the
   * stream fails the object is not created (no partial object is left).
   */
  put(key: string, body: Readable, contentType: string): Promise<StoredBlob>;
  /** The whole object as a stream, or null when it does not exist. */
  get(key: string, range?: BlobRange): Promise<{ body: Readable; size: number } | null>;
  /** The whole object in memory (for the worker's decode), or null. */
  read(key: string): Promise<Buffer | null>;
  /** Size of the object, or null when it does not exist. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Removes every object whose key starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Throws when the store cannot be used (readiness). */
  check(): Promise<void>;
}
