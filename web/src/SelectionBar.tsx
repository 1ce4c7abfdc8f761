import { useState } from 'preact/hooks';
import { deletePhoto, type Photo } from './api.js';
import { AlbumPicker } from './AlbumPicker.js';
import { addToAlbum, download, eachAtMost, removeFromAlbum, setFavorite } from './library-api.js';

interface Props {
  selected: ReadonlySet<string>;
  /** In an album: "Remove from album" too. */
  albumId?: string;
  onClear: () => void;
  /** Photos that left this listing (moved to the trash, taken out of the album). */
  onGone: (photoIds: string[]) => void;
  /** Photos changed in place (favourites). */
  onChanged: (photo: Photo) => void;
  /** What happened, said where it stays visible once the selection is gone. */
  onNotice: (message: string | null) => void;
}

/** What can be done to every selected photo at once. */
export function SelectionBar({ selected, albumId, onClear, onGone, onChanged, onNotice: setMessage }: Props) {
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const ids = [...selected];
  const count = ids.length;
  const plural = (n: number) => `${n} photo${n === 1 ? '' : 's'}`;

  const run = async (doing: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await doing());
    } catch (err) {
      setMessage((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const failedNote = (failed: number) => (failed ? ` ${plural(failed)} could not be changed.` : '');

  return (
    <div class="selection-bar" role="toolbar" aria-label="Selected photos">
      <span class="count" aria-live="polite">
        {count} selected
      </span>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          run(async () => {
            const failed = await eachAtMost(ids, async (id) => {
              onChanged(await setFavorite(id, true));
            });
            return `Added ${plural(count - failed)} to favourites.${failedNote(failed)}`;
          })
        }
      >
        Favourite
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setPicking(true);
        }}
      >
        Add to album
      </button>
      {albumId && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            run(async () => {
              await removeFromAlbum(albumId, ids);
              onGone(ids);
              return `Took ${plural(count)} out of the album.`;
            })
          }
        >
          Remove from album
        </button>
      )}
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          run(async () => {
            await download(ids);
            return count === 1 ? 'Downloading the photo.' : `Downloading ${plural(count)} as a zip.`;
          })
        }
      >
        Download
      </button>
      {confirming ? (
        <span role="group" aria-label="Confirm moving to the trash">
          <button
            type="button"
            class="danger"
            disabled={busy}
            autoFocus
            onClick={() =>
              run(async () => {
                setConfirming(false);
                const gone: string[] = [];
                const failed = await eachAtMost(ids, async (id) => {
                  await deletePhoto(id);
                  gone.push(id);
                });
                onGone(gone);
                return `Moved ${plural(gone.length)} to the trash.${failedNote(failed)}`;
              })
            }
          >
            Move {plural(count)} to trash
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
          class="danger-outline"
          disabled={busy}
          onClick={() => {
            setConfirming(true);
          }}
        >
          Delete
        </button>
      )}
      <button type="button" class="link" onClick={onClear}>
        Clear selection
      </button>
      {picking && (
        <AlbumPicker
          onCancel={() => {
            setPicking(false);
          }}
          onPicked={async (album) => {
            await addToAlbum(album.albumId, ids);
            setPicking(false);
            setMessage(`Added ${plural(count)} to “${album.title}”.`);
          }}
        />
      )}
    </div>
  );
}
