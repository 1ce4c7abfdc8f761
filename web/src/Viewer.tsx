import { useEffect, useRef, useState } from 'preact/hooks';
import { deletePhoto, getPhoto, type Photo } from './api.js';
import { InfoPanel } from './InfoPanel.js';
import { download, setFavorite } from './library-api.js';
import { placeholderOf } from './thumbhash-placeholder.js';
import { useZoom } from './zoom.js';

interface Props {
  photoId: string;
  prevId: string | null;
  nextId: string | null;
  onStep: (photoId: string) => void;
  onClose: () => void;
  /** The listing under the viewer should read on (the viewer came near its end). */
  onNearEnd: () => void;
  onChanged: (photo: Photo) => void;
  /** Moved to the trash (or out of the album shown under the viewer). */
  onGone: (photoId: string) => void;
  albumId?: string;
}

const wide = () => matchMedia('(min-width: 64rem)').matches;

/**
 * One photo over the whole window, its aspect kept at any size: ←/→ to its neighbours, Escape or Back to close,
 * zoom by wheel, pinch, double click or +/−, details in a side panel ("i").
 */
export function Viewer(props: Props) {
  const { photoId, prevId, nextId, onStep, onClose, onNearEnd, onChanged, onGone, albumId } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState(wide);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const { zoom, handlers, zoomIn, zoomOut, reset } = useZoom();
  const deleteButton = useRef<HTMLButtonElement>(null);
  /** After a delete the confirmation goes away: focus lands on Delete again, for the next photo, not on the page. */
  const refocusDelete = useRef(false);
  useEffect(() => {
    if (!confirming && refocusDelete.current) {
      refocusDelete.current = false;
      deleteButton.current?.focus();
    }
  }, [confirming, photoId]);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    document.documentElement.classList.add('viewing');
    return () => {
      document.documentElement.classList.remove('viewing');
    };
  }, []);
  useEffect(() => {
    let current = true;
    setError(null);
    setConfirming(false);
    setMessage(null);
    reset();
    getPhoto(photoId).then(
      (p) => {
        if (current) setPhoto(p);
      },
      (err: unknown) => {
        if (current) setError((err as Error).message);
      },
    );
    if (!nextId) onNearEnd();
    return () => {
      current = false;
    };
  }, [photoId]);

  const shown = photo?.photoId === photoId ? photo : null;
  const name = shown ? shown.title || shown.filename : 'Photo';
  const update = (p: Photo) => {
    setPhoto(p);
    onChanged(p);
  };
  const fail = (err: unknown) => {
    setMessage((err as Error).message);
  };

  const moveToTrash = async () => {
    try {
      await deletePhoto(photoId);
      refocusDelete.current = true;
      onGone(photoId);
      // Straight on to the next photo, as a photo app does; the last one closes the viewer.
      const next = nextId ?? prevId;
      if (next) onStep(next);
      else onClose();
    } catch (err) {
      fail(err);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable]')) return;
    if (e.key === 'ArrowLeft' && prevId) onStep(prevId);
    else if (e.key === 'ArrowRight' && nextId) onStep(nextId);
    else if (e.key === '+' || e.key === '=') zoomIn();
    else if (e.key === '-') zoomOut();
    else if (e.key === '0') reset();
    else if (e.key === 'i') setInfo((v) => !v);
    else return;
    e.preventDefault();
  };

  return (
    <dialog
      ref={dialog}
      class={`viewer${info ? ' with-info' : ''}`}
      aria-labelledby="photo-title"
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header class="viewer-bar">
        <button type="button" class="icon" onClick={onClose} aria-label="Close">
          ←
        </button>
        <h2 id="photo-title">{name}</h2>
        <div class="viewer-actions">
          {shown && (
            <button
              type="button"
              class="icon"
              aria-pressed={shown.favorite}
              aria-label="Favourite"
              title="Favourite"
              onClick={() => setFavorite(photoId, !shown.favorite).then(update, fail)}
            >
              {shown.favorite ? '♥' : '♡'}
            </button>
          )}
          <button type="button" class="icon zoom" aria-label="Zoom in" title="Zoom in (+)" onClick={zoomIn}>
            +
          </button>
          <button
            type="button"
            class="icon zoom"
            aria-label="Zoom out"
            title="Zoom out (−)"
            onClick={zoomOut}
            disabled={zoom.scale <= 1}
          >
            −
          </button>
          <button type="button" onClick={() => download([photoId]).catch(fail)}>
            Download
          </button>
          {confirming ? (
            <span role="group" aria-label="Confirm moving to the trash" class="confirm">
              <button type="button" class="danger" onClick={moveToTrash} ref={(b) => b?.focus()}>
                Move to trash
              </button>
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
              ref={deleteButton}
              onClick={() => {
                setConfirming(true);
              }}
            >
              Delete
            </button>
          )}
          <button
            type="button"
            aria-expanded={info}
            aria-controls="photo-info"
            onClick={() => {
              setInfo((v) => !v);
            }}
          >
            Info
          </button>
        </div>
      </header>
      <div class="viewer-body">
        <div
          ref={stage}
          class={`stage${zoom.scale > 1 ? ' zoomed' : ''}`}
          style={shown?.thumbhash ? { backgroundImage: `url(${placeholderOf(shown.thumbhash)})` } : undefined}
          {...handlers}
        >
          {shown?.urls ? (
            <img
              key={shown.photoId}
              class="preview"
              src={shown.urls.preview}
              alt={name}
              width={shown.width ?? undefined}
              height={shown.height ?? undefined}
              draggable={false}
              style={{ transform: `translate(${zoom.x}px, ${zoom.y}px) scale(${zoom.scale})` }}
            />
          ) : shown ? (
            <p class="placeholder">{shown.status === 'failed' ? 'This photo could not be read.' : 'Processing…'}</p>
          ) : error ? (
            <p role="alert" class="error">
              {error}
            </p>
          ) : null}
          {prevId && (
            <button
              type="button"
              class="step prev"
              aria-label="Previous photo"
              onClick={() => {
                onStep(prevId);
              }}
            >
              ‹
            </button>
          )}
          {nextId && (
            <button
              type="button"
              class="step next"
              aria-label="Next photo"
              onClick={() => {
                onStep(nextId);
              }}
            >
              ›
            </button>
          )}
        </div>
        {info && shown && (
          <InfoPanel
            photo={shown}
            albumId={albumId}
            onChanged={update}
            onLeftAlbum={() => {
              onGone(photoId);
            }}
          />
        )}
      </div>
      {message && (
        <p role="status" class="viewer-message">
          {message}
        </p>
      )}
    </dialog>
  );
}
