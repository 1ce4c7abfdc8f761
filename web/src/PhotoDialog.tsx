import { useEffect, useRef, useState } from 'preact/hooks';
import { deletePhoto, getPhoto, originalUrl, updatePhoto, type Photo } from './api.js';
import { bytes, when } from './format.js';
import { SharePanel } from './SharePanel.js';

interface Props {
  photoId: string;
  onClose: () => void;
  onChanged: (photo: Photo) => void;
  onDeleted: (photoId: string) => void;
}

/** One photo: preview, details, edit, delete, download, share. A modal dialog (Escape closes it). */
export function PhotoDialog({ photoId, onClose, onChanged, onDeleted }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [title, setTitle] = useState('');
  const [tags, setTags] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
    getPhoto(photoId).then(
      (p) => {
        setPhoto(p);
        setTitle(p.title);
        setTags(p.tags.join(', '));
      },
      (err: unknown) => {
        setMessage((err as Error).message);
      },
    );
  }, [photoId]);

  async function save(e: Event) {
    e.preventDefault();
    try {
      const updated = await updatePhoto(photoId, {
        title,
        tags: tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      });
      setPhoto(updated);
      onChanged(updated);
      setMessage('Saved.');
    } catch (err) {
      setMessage((err as Error).message);
    }
  }

  async function download() {
    try {
      window.location.assign((await originalUrl(photoId)).url);
    } catch (err) {
      setMessage((err as Error).message);
    }
  }

  const name = photo ? photo.title || photo.filename : 'Photo';
  return (
    <dialog ref={dialog} class="photo" aria-labelledby="photo-title" onClose={onClose}>
      <header>
        <h2 id="photo-title">{name}</h2>
        <button type="button" onClick={() => dialog.current?.close()} aria-label="Close">
          ×
        </button>
      </header>
      {photo && (
        <div class="photo-body">
          {photo.urls ? (
            <img
              class="preview"
              src={photo.urls.preview}
              alt={name}
              width={photo.width ?? undefined}
              height={photo.height ?? undefined}
            />
          ) : (
            <p class="placeholder">{photo.status === 'failed' ? `Failed: ${photo.error}` : 'Processing…'}</p>
          )}
          <dl class="details">
            <dt>Taken</dt>
            <dd>{when(photo.takenAt)}</dd>
            <dt>Camera</dt>
            <dd>{photo.camera ? [photo.camera.make, photo.camera.model].filter(Boolean).join(' ') : 'unknown'}</dd>
            <dt>Size</dt>
            <dd>
              {photo.width && photo.height ? `${photo.width} × ${photo.height}, ` : ''}
              {bytes(photo.size)}
            </dd>
            <dt>Labels</dt>
            <dd>{photo.labels.length ? photo.labels.map((l) => l.name).join(', ') : 'none'}</dd>
          </dl>
          <form class="edit" onSubmit={save}>
            <label>
              Title
              <input
                name="title"
                maxLength={200}
                value={title}
                onInput={(e) => {
                  setTitle(e.currentTarget.value);
                }}
              />
            </label>
            <label>
              Tags (comma separated)
              <input
                name="tags"
                value={tags}
                onInput={(e) => {
                  setTags(e.currentTarget.value);
                }}
              />
            </label>
            <button type="submit">Save</button>
          </form>
          <div class="actions">
            <button type="button" onClick={download}>
              Download original
            </button>
            {confirming ? (
              <span role="group" aria-label="Confirm deletion">
                Delete for good?{' '}
                <button
                  type="button"
                  class="danger"
                  onClick={() =>
                    deletePhoto(photoId).then(
                      () => {
                        onDeleted(photoId);
                      },
                      (err: unknown) => {
                        setMessage((err as Error).message);
                      },
                    )
                  }
                >
                  Yes, delete
                </button>{' '}
                <button
                  type="button"
                  onClick={() => {
                    setConfirming(false);
                  }}
                >
                  Keep it
                </button>
              </span>
            ) : (
              <button
                type="button"
                class="danger"
                onClick={() => {
                  setConfirming(true);
                }}
              >
                Delete
              </button>
            )}
          </div>
          {photo.status === 'ready' && <SharePanel target={{ photoId }} />}
        </div>
      )}
      {message && (
        <p role="status" class="message">
          {message}
        </p>
      )}
    </dialog>
  );
}
