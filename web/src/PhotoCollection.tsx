import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Photo } from './api.js';
import type { Page } from './library-api.js';
import { PhotoGrid } from './PhotoGrid.js';
import { usePhotoList } from './photo-list.js';
import { closePhoto, openPhoto } from './router.js';
import { SelectionBar } from './SelectionBar.js';
import { useSelection } from './selection.js';
import { Viewer } from './Viewer.js';

interface Props {
  /** Another key, another listing (read from the start). */
  listKey: string;
  fetchPage: (cursor: string | null) => Promise<Page<Photo>>;
  label: string;
  grouped: boolean;
  /** The photo open in the viewer over this listing (the URL's). */
  openPhotoId: string | null;
  albumId?: string;
  empty: ComponentChildren;
  /** Above the grid (the uploader, a search form, an album's header); may add photos. */
  before?: (add: (photo: Photo) => void) => ComponentChildren;
  /** A photo taken off this listing by a change in the viewer (a favourite no longer one, say). */
  keeps?: (photo: Photo) => boolean;
}

/** A listing of photos: grid, selection and the viewer over it, which steps through the listing's order. */
export function PhotoCollection(props: Props) {
  const { listKey, fetchPage, label, grouped, openPhotoId, albumId, empty, before, keeps } = props;
  const list = usePhotoList<Photo>(listKey, fetchPage);
  const order = list.items.map((p) => p.photoId);
  const selection = useSelection(order);
  const [returnTo, setReturnTo] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const lastOpen = useRef<string | null>(null);
  useEffect(() => {
    if (openPhotoId) lastOpen.current = openPhotoId;
    else if (lastOpen.current) {
      // Back from the viewer: focus the photo last shown, in place.
      setReturnTo(lastOpen.current);
      lastOpen.current = null;
    }
  }, [openPhotoId]);
  useEffect(() => {
    selection.clear();
    setNotice(null);
  }, [listKey]);

  const at = openPhotoId ? order.indexOf(openPhotoId) : -1;
  const gone = (ids: string[]) => {
    list.remove(ids);
    selection.forget(ids);
  };
  return (
    <>
      {before?.(list.add)}
      {selection.selected.size > 0 && (
        <SelectionBar
          selected={selection.selected}
          albumId={albumId}
          onClear={selection.clear}
          onGone={gone}
          onChanged={list.replace}
          onNotice={setNotice}
        />
      )}
      {notice && (
        <p role="status" class="notice">
          {notice}{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              setNotice(null);
            }}
          >
            Dismiss
          </button>
        </p>
      )}
      {list.error && (
        <p role="alert" class="error">
          {list.error}
        </p>
      )}
      <PhotoGrid
        label={label}
        items={list.items}
        grouped={grouped}
        selected={selection.selected}
        onPick={selection.pick}
        onPickGroup={selection.pickGroup}
        onOpen={(id) => {
          openPhoto(id);
        }}
        onNearEnd={() => void list.loadMore()}
        focusPhotoId={returnTo}
      />
      {list.loading && <p class="hint loading">Loading…</p>}
      {!list.loading && list.exhausted && list.items.length === 0 && !list.error && <div class="empty">{empty}</div>}
      {openPhotoId && (
        <Viewer
          photoId={openPhotoId}
          prevId={at > 0 ? order[at - 1]! : null}
          nextId={at >= 0 && at < order.length - 1 ? order[at + 1]! : null}
          onStep={(id) => {
            openPhoto(id);
          }}
          onClose={closePhoto}
          onNearEnd={() => void list.loadMore()}
          onChanged={(photo) => {
            if (keeps && !keeps(photo)) list.remove([photo.photoId]);
            else list.replace(photo);
          }}
          onGone={(id) => {
            gone([id]);
          }}
          albumId={albumId}
        />
      )}
    </>
  );
}
