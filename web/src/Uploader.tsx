import { useEffect, useRef, useState } from 'preact/hooks';
import { upload, settings, type Photo, type UploadHandle } from './api.js';
import { bytes } from './format.js';

interface Item {
  id: number;
  name: string;
  size: number;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error?: string;
  handle?: UploadHandle;
}

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif,image/heic,image/heif,image/tiff';
let nextId = 1;

/** Drag-and-drop or pick many files; each gets its own progress bar, cancel button and error. */
export function Uploader({ onUploaded }: { onUploaded: (photo: Photo) => void }) {
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    settings().then(
      (s) => {
        setMaxBytes(s.maxUploadBytes);
      },
      () => {
        setMaxBytes(null);
      },
    );
  }, []);

  const patch = (id: number, change: Partial<Item>) => {
    setItems((all) => all.map((i) => (i.id === id ? { ...i, ...change } : i)));
  };

  async function start(file: File) {
    const id = nextId++;
    const item: Item = { id, name: file.name, size: file.size, progress: 0, state: 'uploading' };
    if (maxBytes !== null && file.size > maxBytes) {
      setItems((all) => [
        ...all,
        { ...item, state: 'failed', error: `Too large: ${bytes(file.size)}, the limit is ${bytes(maxBytes)}.` },
      ]);
      return;
    }
    setItems((all) => [...all, item]);
    try {
      const handle = await upload(file, (fraction) => {
        patch(id, { progress: fraction });
      });
      patch(id, { handle });
      const photo = await handle.done;
      patch(id, { state: 'done', progress: 1, handle: undefined });
      onUploaded(photo);
    } catch (err) {
      patch(id, { state: 'failed', error: (err as Error).message, handle: undefined });
    }
  }

  const startAll = (files: FileList | null) => {
    for (const f of files ?? []) void start(f);
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
