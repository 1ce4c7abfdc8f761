import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, upload, settings, type Photo, type UploadHandle } from './api.js';
import { bytes } from './format.js';

interface Item {
  id: number;
  name: string;
  size: number;
  progress: number;
  state: 'queued' | 'uploading' | 'done' | 'failed';
  error?: string;
  handle?: UploadHandle;
}

/** Until /settings answers: the service's default. */
const DEFAULT_IN_FLIGHT = 4;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif,image/heic,image/heif,image/tiff';
let nextId = 1;

/** Drag-and-drop or pick many files; each gets its own progress bar, cancel button and error. */
export function Uploader({ onUploaded }: { onUploaded: (photo: Photo) => void }) {
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // The service takes a few uploads per user at once (429 beyond): the rest wait here, in order.
  const limit = useRef(DEFAULT_IN_FLIGHT);
  const waiting = useRef<{ id: number; file: File }[]>([]);
  const active = useRef(0);
  useEffect(() => {
    settings().then(
      (s) => {
        setMaxBytes(s.maxUploadBytes);
        limit.current = s.maxUploadsInFlight;
        pump();
      },
      () => {
        setMaxBytes(null);
      },
    );
  }, []);

  const patch = (id: number, change: Partial<Item>) => {
    setItems((all) => all.map((i) => (i.id === id ? { ...i, ...change } : i)));
  };

  function pump() {
    while (active.current < limit.current && waiting.current.length > 0) {
      const next = waiting.current.shift()!;
      active.current++;
      void send(next.id, next.file).finally(() => {
        active.current--;
        pump();
      });
    }
  }

  function enqueue(file: File) {
    const id = nextId++;
    const item: Item = { id, name: file.name, size: file.size, progress: 0, state: 'queued' };
    if (maxBytes !== null && file.size > maxBytes) {
      setItems((all) => [
        ...all,
        { ...item, state: 'failed', error: `Too large: ${bytes(file.size)}, the limit is ${bytes(maxBytes)}.` },
      ]);
      return;
    }
    setItems((all) => [...all, item]);
    waiting.current.push({ id, file });
    pump();
  }

  async function send(id: number, file: File) {
    patch(id, { state: 'uploading' });
    try {
      const handle = await upload(file, (fraction) => {
        patch(id, { progress: fraction });
      });
      patch(id, { handle });
      const photo = await handle.done;
      patch(id, { state: 'done', progress: 1, handle: undefined });
      onUploaded(photo);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'too_many_uploads') {
        // Another tab or device is uploading too: wait a moment, then take the next free place.
        patch(id, { state: 'queued', progress: 0, handle: undefined });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        waiting.current.unshift({ id, file });
        return;
      }
      patch(id, { state: 'failed', error: (err as Error).message, handle: undefined });
    }
  }

  function cancelQueued(id: number) {
    waiting.current = waiting.current.filter((w) => w.id !== id);
    patch(id, { state: 'failed', error: 'Cancelled.' });
  }

  const startAll = (files: FileList | null) => {
    for (const f of files ?? []) enqueue(f);
  };

  return (
    <section class="uploader" aria-label="Upload photos">
      <div
        class={`drop ${dragging ? 'over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => {
          setDragging(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          startAll(e.dataTransfer?.files ?? null);
        }}
      >
        <p>Drop photos here, or</p>
        <label class="button">
          Choose photos
          <input
            ref={input}
            type="file"
            name="photos"
            accept={ACCEPT}
            multiple
            class="visually-hidden"
            onChange={(e) => {
              startAll(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      {items.length > 0 && (
        <ul class="uploads" aria-live="polite">
          {items.map((item) => (
            <li key={item.id} class={`upload ${item.state}`} data-state={item.state}>
              <span class="name">{item.name}</span>
              <progress max={1} value={item.progress} aria-label={`Upload of ${item.name}`} />
              {item.state === 'uploading' && (
                <button type="button" onClick={() => item.handle?.cancel()} aria-label={`Cancel ${item.name}`}>
                  Cancel
                </button>
              )}
              {item.state === 'queued' && (
                <>
                  <span class="waiting">Waiting…</span>
                  <button
                    type="button"
                    onClick={() => {
                      cancelQueued(item.id);
                    }}
                    aria-label={`Cancel ${item.name}`}
                  >
                    Cancel
                  </button>
                </>
              )}
              {item.state === 'done' && <span class="ok">Uploaded</span>}
              {item.state === 'failed' && (
                <span role="alert" class="error">
                  {item.error}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
