import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, upload, settings, type Photo, type UploadHandle } from './api.js';
import { bytes } from './format.js';
import { failureOf } from './upload-failure.js';

export type UploadState = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface Upload {
  id: number;
  name: string;
  progress: number;
  state: UploadState;
  /** Why it failed, in words. */
  error?: string;
  /** Whether Retry is offered: a failure that sending the same file again may mend. */
  retryable?: boolean;
  handle?: UploadHandle;
}

const FINISHED: ReadonlySet<UploadState> = new Set(['done', 'failed', 'cancelled']);
export const isFinished = (u: Upload) => FINISHED.has(u.state);

/** Until /settings answers: the service's default. */
const DEFAULT_IN_FLIGHT = 4;
/** How long uploaded rows stay once nothing is left to send, before they fold into the summary line. */
export const CLEAR_DONE_AFTER_MS = 5000;
/** The wait before a file the service turned away for too many uploads at once (429) takes its turn again. */
const BUSY_RETRY_MS = 1000;
let nextId = 1;

/**
 * The upload queue: at most the service's `maxUploadsInFlight` at once (429 beyond), the rest wait in order.
 * Rows can be cancelled, retried (retryable failures), dismissed when finished; uploaded ones fold into a count
 * `CLEAR_DONE_AFTER_MS` after the last upload ends.
 */
export function useUploadQueue(onUploaded: (photo: Photo) => void) {
  const [items, setItems] = useState<Upload[]>([]);
  const [uploadedCount, setUploadedCount] = useState(0);
  const files = useRef(new Map<number, File>());
  const limit = useRef(DEFAULT_IN_FLIGHT);
  const maxBytes = useRef<number | null>(null);
  const waiting = useRef<number[]>([]);
  const active = useRef(0);
  // Cancelled while no request was open (waiting out a 429, or before the request's handle exists).
  const cancelled = useRef(new Set<number>());
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;

  useEffect(() => {
    settings().then(
      (s) => {
        maxBytes.current = s.maxUploadBytes;
        limit.current = s.maxUploadsInFlight;
        pump();
      },
      () => undefined,
    );
  }, []);

  // Once nothing is queued or sending, the uploaded rows leave after a moment; any change restarts the wait.
  // (A layout effect: set as the list changes, not after the next frame, so the wait is the timer's alone.)
  useLayoutEffect(() => {
    if (items.some((i) => !isFinished(i))) return;
    const done = new Set(items.filter((i) => i.state === 'done').map((i) => i.id));
    if (done.size === 0) return;
    const timer = setTimeout(() => {
      setItems((all) => all.filter((i) => !done.has(i.id)));
      setUploadedCount((n) => n + done.size);
      for (const id of done) files.current.delete(id);
    }, CLEAR_DONE_AFTER_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [items]);

  const patch = (id: number, change: Partial<Upload>) => {
    setItems((all) => all.map((i) => (i.id === id ? { ...i, ...change } : i)));
  };

  function pump() {
    while (active.current < limit.current && waiting.current.length > 0) {
      const id = waiting.current.shift()!;
      const file = files.current.get(id);
      if (!file) continue;
      active.current++;
      void send(id, file).finally(() => {
        active.current--;
        pump();
      });
    }
  }

  async function send(id: number, file: File) {
    patch(id, { state: 'uploading', progress: 0 });
    let started = false;
    try {
      const handle = await upload(file, (fraction) => {
        if (fraction > 0) started = true;
        patch(id, { progress: fraction });
      });
      if (cancelled.current.delete(id)) handle.cancel();
      else patch(id, { handle });
      const photo = await handle.done;
      patch(id, { state: 'done', progress: 1, handle: undefined });
      uploaded.current(photo);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'too_many_uploads') {
        // Another tab or device is uploading too: wait a moment, then take the next free place.
        patch(id, { state: 'queued', progress: 0, handle: undefined });
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
        if (files.current.has(id) && !cancelled.current.delete(id)) waiting.current.unshift(id);
        return;
      }
      const failure = failureOf(err, started);
      patch(id, {
        state: failure.kind === 'cancelled' ? 'cancelled' : 'failed',
        error: failure.kind === 'cancelled' ? undefined : failure.message,
        retryable: failure.retryable,
        handle: undefined,
      });
    }
  }
  function add(list: Iterable<File>) {
    const added: Upload[] = [];
    for (const file of list) {
      const id = nextId++;
      files.current.set(id, file);
      const limitBytes = maxBytes.current;
      if (limitBytes !== null && file.size > limitBytes) {
        added.push({
          id,
          name: file.name,
          progress: 0,
          state: 'failed',
          error: `Too large: ${bytes(file.size)}, the limit is ${bytes(limitBytes)}.`,
        });
        continue;
      }
      added.push({ id, name: file.name, progress: 0, state: 'queued' });
      waiting.current.push(id);
    }
    setItems((all) => [...all, ...added]);
    pump();
  }

  function cancel(item: Upload) {
    if (item.handle) {
      item.handle.cancel();
      return;
    }
    if (waiting.current.includes(item.id)) waiting.current = waiting.current.filter((w) => w !== item.id);
    else cancelled.current.add(item.id);
    patch(item.id, { state: 'cancelled', retryable: true });
  }

  function retry({ id }: Upload) {
    cancelled.current.delete(id);
    patch(id, { state: 'queued', progress: 0, error: undefined, retryable: undefined });
    waiting.current.push(id);
    pump();
  }

  const forget = (gone: (u: Upload) => boolean) => {
    setItems((all) => {
      for (const u of all) if (gone(u)) files.current.delete(u.id);
      return all.filter((u) => !gone(u));
    });
  };

  return {
    items,
    uploadedCount,
    add,
    cancel,
    retry,
    dismiss: ({ id }: Upload) => {
      forget((u) => u.id === id && isFinished(u));
    },
    clearFinished: () => {
      forget(isFinished);
      setUploadedCount(0);
    },
    dismissSummary: () => {
      setUploadedCount(0);
    },
  };
}
