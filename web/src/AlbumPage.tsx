import { useCallback, useEffect, useState } from 'preact/hooks';
import { deleteAlbum, editAlbum, getAlbum, listAlbumPhotos, type Album } from './library-api.js';
import { PhotoCollection } from './PhotoCollection.js';
import { follow, navigate } from './router.js';
import { SharePanel } from './SharePanel.js';

/** One album: its photos (newest taken first), renamed, described, deleted. */
export function AlbumPage({ albumId, openPhotoId }: { albumId: string; openPhotoId: string | null }) {
  const [album, setAlbum] = useState<Album | null>(null);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const fail = (err: unknown) => {
    setMessage((err as Error).message);
  };
  useEffect(() => {
    getAlbum(albumId).then(setAlbum, fail);
  }, [albumId]);
  const fetchPage = useCallback((cursor: string | null) => listAlbumPhotos(albumId, cursor), [albumId]);

  return (
    <>
      <p>
        <a
          href="/albums"
          onClick={(e) => {
            follow(e, '/albums');
          }}
        >
          ← Albums
        </a>
      </p>
      {album && !editing && (
        <div class="album-head">
          <h2 class="page-title">{album.title}</h2>
          {album.description && <p>{album.description}</p>}
          <p class="hint">
            {album.photoCount} photo{album.photoCount === 1 ? '' : 's'}
          </p>
          <div class="form-row">
            <button
              type="button"
              aria-expanded={sharing}
              onClick={() => {
                setSharing((v) => !v);
              }}
            >
              Share album
            </button>
            <button
              type="button"
              onClick={() => {
                setTitle(album.title);
                setDescription(album.description);
                setEditing(true);
              }}
            >
              Rename
            </button>
            {confirming ? (
              <span role="group" aria-label="Confirm deleting the album">
                <button
                  type="button"
                  class="danger"
                  ref={(b) => b?.focus()}
                  onClick={() =>
                    deleteAlbum(albumId).then(() => {
                      navigate('/albums');
                    }, fail)
                  }
                >
                  Delete album (photos stay)
                </button>{' '}
                <button
                  type="button"
                  onClick={() => {
                    setConfirming(false);
                  }}
                >
                  Keep
                </button>
              </span>
            ) : (
              <button
                type="button"
                onClick={() => {
                  setConfirming(true);
                }}
              >
                Delete album
              </button>
            )}
          </div>
        </div>
      )}
      {album && sharing && (
        <div class="album-share">
          <SharePanel target={{ albumId }} />
        </div>
      )}
      {album && editing && (
        <form
          class="album-head"
          onSubmit={(e) => {
            e.preventDefault();
            editAlbum(albumId, { title, description }).then((updated) => {
              setAlbum(updated);
              setEditing(false);
            }, fail);
          }}
        >
          <label>
            Album title
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
          <label>
            Album description
            <textarea
              name="album-description"
              rows={2}
              value={description}
              onInput={(e) => {
                setDescription(e.currentTarget.value);
              }}
            />
          </label>
          <div class="form-row">
            <button type="submit">Save album</button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      {message && (
        <p role="alert" class="error">
          {message}
        </p>
      )}
      <PhotoCollection
        listKey={`album:${albumId}`}
        fetchPage={fetchPage}
        label={album ? `Photos in ${album.title}` : 'Photos in this album'}
        grouped={false}
        albumId={albumId}
        openPhotoId={openPhotoId}
        empty={<p class="hint">This album is empty. Select photos in the timeline and add them.</p>}
      />
    </>
  );
}
