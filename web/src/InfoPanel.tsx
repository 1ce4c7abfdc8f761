import { useEffect, useState } from 'preact/hooks';
import { updatePhoto, type Photo } from './api.js';
import { AlbumPicker } from './AlbumPicker.js';
import { bytes, when } from './format.js';
import { addToAlbum, editAlbum, removeFromAlbum } from './library-api.js';
import { SharePanel } from './SharePanel.js';

interface Props {
  photo: Photo;
  /** The album the viewer was opened from. */
  albumId?: string;
  onChanged: (photo: Photo) => void;
  onLeftAlbum: () => void;
}

const tagText = (tags: string[]) => tags.join(', ');

/** A photo's details, its title, description and tags, its albums and its links: the viewer's side panel. */
export function InfoPanel({ photo, albumId, onChanged, onLeftAlbum }: Props) {
  const [title, setTitle] = useState(photo.title);
  const [description, setDescription] = useState(photo.description);
  const [tags, setTags] = useState(tagText(photo.tags));
  const [saved, setSaved] = useState<string | null>(null);
  const [albumNote, setAlbumNote] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  useEffect(() => {
    setTitle(photo.title);
    setDescription(photo.description);
    setTags(tagText(photo.tags));
    setSaved(null);
    setAlbumNote(null);
  }, [photo.photoId]);

  async function save(e: Event) {
    e.preventDefault();
    try {
      const updated = await updatePhoto(photo.photoId, { title, description, tags });
      onChanged(updated);
      // What the service kept (tags trimmed, split, deduplicated), not what was typed.
      setTitle(updated.title);
      setDescription(updated.description);
      setTags(tagText(updated.tags));
      setSaved('Saved.');
    } catch (err) {
      setSaved((err as Error).message);
    }
  }
  const albumAction = (doing: () => Promise<string>) => () =>
    doing().then(setAlbumNote, (err: unknown) => {
      setAlbumNote((err as Error).message);
    });

  return (
    <aside id="photo-info" class="info" aria-label="Details">
      <dl class="details">
        <dt>Taken</dt>
        <dd>{when(photo.takenAt)}</dd>
        <dt>Camera</dt>
        <dd>{photo.camera ? [photo.camera.make, photo.camera.model].filter(Boolean).join(' ') : 'unknown'}</dd>
        <dt>File</dt>
        <dd class="filename">{photo.filename}</dd>
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
              setSaved(null);
            }}
          />
        </label>
        <label>
          Description
          <textarea
            name="description"
            rows={2}
            value={description}
            onInput={(e) => {
              setDescription(e.currentTarget.value);
              setSaved(null);
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
              setSaved(null);
            }}
          />
        </label>
        <div class="form-row">
          <button type="submit">Save</button>
          {saved && (
            <span role="status" class="saved">
              {saved}
            </span>
          )}
        </div>
      </form>
      <section class="albums-of" aria-label="Albums">
        <div class="form-row">
          <button
            type="button"
            onClick={() => {
              setPicking(true);
            }}
          >
            Add to album
          </button>
          {albumId && (
            <>
              <button
                type="button"
                onClick={albumAction(async () => {
                  await editAlbum(albumId, { coverPhotoId: photo.photoId });
                  return 'Now the album’s cover.';
                })}
              >
                Use as album cover
              </button>
              <button
                type="button"
                onClick={albumAction(async () => {
                  await removeFromAlbum(albumId, [photo.photoId]);
                  onLeftAlbum();
                  return 'Taken out of the album.';
                })}
              >
                Remove from album
              </button>
            </>
          )}
        </div>
        {albumNote && (
          <p role="status" class="hint">
            {albumNote}
          </p>
        )}
      </section>
      {picking && (
        <AlbumPicker
          onCancel={() => {
            setPicking(false);
          }}
          onPicked={async (album) => {
            await addToAlbum(album.albumId, [photo.photoId]);
            setPicking(false);
            setAlbumNote(`Added to “${album.title}”.`);
          }}
        />
      )}
      {photo.status === 'ready' && <SharePanel target={{ photoId: photo.photoId }} />}
    </aside>
  );
}
