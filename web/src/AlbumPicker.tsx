import { useEffect, useRef, useState } from 'preact/hooks';
import { createAlbum, listAlbums, type Album } from './library-api.js';

/** Choose one of your albums, or name a new one. A small modal dialog; Escape cancels. */
export function AlbumPicker({ onPicked, onCancel }: { onPicked: (album: Album) => Promise<void>; onCancel: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [albums, setAlbums] = useState<Album[] | null>(null);
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
    listAlbums().then(
      (page) => {
        setAlbums(page.items);
      },
      (err: unknown) => {
        setMessage((err as Error).message);
      },
    );
  }, []);
  const pick = async (album: Album) => {
    try {
      await onPicked(album);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <dialog ref={dialog} class="picker" aria-labelledby="picker-title" onClose={onCancel}>
      <h2 id="picker-title">Add to album</h2>
      {albums === null ? (
        <p class="hint">Loading albums…</p>
      ) : (
        <ul class="album-choices">
          {albums.map((album) => (
            <li key={album.albumId}>
              <button type="button" onClick={() => pick(album)}>
                {album.title} <span class="hint">({album.photoCount})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await pick(await createAlbum({ title }));
          } catch (err) {
            setMessage((err as Error).message);
          }
        }}
      >
        <label>
          New album
          <input
            name="album-title"
            required
            maxLength={200}
            value={title}
            onInput={(e) => {
              setTitle(e.currentTarget.value);
            }}
          />
        </label>
        <button type="submit">Create and add</button>{' '}
        <button type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </form>
      {message && (
        <p role="status" class="error">
          {message}
        </p>
      )}
    </dialog>
  );
}
