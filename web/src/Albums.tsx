import { useEffect, useState } from 'preact/hooks';
import { createAlbum, listAlbums, type Album } from './library-api.js';
import { follow, navigate } from './router.js';

/** Your albums as cards (cover, title, count), and a new one. */
export function Albums() {
  const [albums, setAlbums] = useState<Album[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const fail = (err: unknown) => {
    setMessage((err as Error).message);
  };
  useEffect(() => {
    listAlbums().then((page) => {
      setAlbums(page.items);
      setCursor(page.nextCursor);
    }, fail);
  }, []);
  return (
    <>
      <h2 class="page-title">Albums</h2>
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const album = await createAlbum({ title });
            navigate(`/albums/${album.albumId}`);
          } catch (err) {
            fail(err);
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
        <button type="submit">Create album</button>
      </form>
      {message && (
        <p role="alert" class="error">
          {message}
        </p>
      )}
      {albums?.length === 0 && <p class="hint">No albums yet. Name one above, or select photos and add them to one.</p>}
      <ul class="albums" aria-label="Your albums">
        {albums?.map((album) => (
          <li key={album.albumId}>
            <a
              href={`/albums/${album.albumId}`}
              class="album-card"
              onClick={(e) => {
                follow(e, `/albums/${album.albumId}`);
              }}
            >
              <span class="cover">{album.coverUrl && <img src={album.coverUrl} alt="" loading="lazy" />}</span>
              <span class="album-title">{album.title}</span>
              <span class="hint">
                {album.photoCount} photo{album.photoCount === 1 ? '' : 's'}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {cursor && (
        <button
          type="button"
          onClick={() =>
            listAlbums(cursor).then((page) => {
              setAlbums((all) => [...(all ?? []), ...page.items]);
              setCursor(page.nextCursor);
            }, fail)
          }
        >
          More albums
        </button>
      )}
    </>
  );
}
