import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { thumbHashToDataURL } from 'thumbhash';
import { getPhoto, listPhotos, type Photo } from './api.js';
import { PhotoDialog } from './PhotoDialog.js';
import { Uploader } from './Uploader.js';

const placeholders = new Map<string, string>();

/** The photo's ThumbHash as an image (a few hundred bytes of PNG), made once per hash. */
function placeholderOf(thumbhash: string): string {
  let url = placeholders.get(thumbhash);
  if (!url) {
    url = thumbHashToDataURL(Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0)));
    placeholders.set(thumbhash, url);
  }
  return url;
}

/** The gallery: newest first, more on scroll, processing photos polled until they turn. */
export function Library() {
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [exhausted, setExhausted] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);

  const loadMore = useCallback(async () => {
    if (loading || exhausted) return;
    setLoading(true);
    try {
      const page = await listPhotos(cursor);
      setPhotos((all) => [...all, ...page.items.filter((p) => !all.some((a) => a.photoId === p.photoId))]);
      setCursor(page.nextCursor);
      setExhausted(page.nextCursor === null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  }, [cursor, exhausted, loading]);

  useEffect(() => {
    const target = sentinel.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore());
    observer.observe(target);
    return () => {
      observer.disconnect();
    };
  }, [loadMore]);

  const processing = photos.filter((p) => p.status === 'processing').map((p) => p.photoId);
  useEffect(() => {
    if (processing.length === 0) return;
    const timer = setTimeout(async () => {
      const fresh = await Promise.all(processing.map((id) => getPhoto(id).catch(() => null)));
      setPhotos((all) => all.map((p) => fresh.find((f) => f?.photoId === p.photoId) ?? p));
    }, 1000);
    return () => {
      clearTimeout(timer);
    };
  }, [processing.join(',')]);

  const replace = (photo: Photo) => {
    setPhotos((all) => all.map((p) => (p.photoId === photo.photoId ? photo : p)));
  };
  const remove = (id: string) => {
    setPhotos((all) => all.filter((p) => p.photoId !== id));
    setOpen(null);
  };

  return (
    <>
      <Uploader
        onUploaded={(photo) => {
          setPhotos((all) => [photo, ...all.filter((p) => p.photoId !== photo.photoId)]);
        }}
      />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ul class="grid" aria-label="Your photos">
        {photos.map((photo) => (
          <li key={photo.photoId}>
            <button
              type="button"
              class={`tile ${photo.status}`}
              data-status={photo.status}
              // Painted at once from the listing, until the thumbnail itself arrives over it.
              style={photo.thumbhash ? { backgroundImage: `url(${placeholderOf(photo.thumbhash)})` } : undefined}
              onClick={() => {
                setOpen(photo.photoId);
              }}
              aria-label={`Open ${photo.title || photo.filename}`}
            >
              {photo.status === 'ready' && photo.urls ? (
                <img src={photo.urls.thumbnail} alt={photo.title || photo.filename} loading="lazy" />
              ) : photo.status === 'failed' ? (
                <span class="placeholder failed">Failed: {photo.error}</span>
              ) : (
                <span class="placeholder">Processing…</span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {!loading && exhausted && photos.length === 0 && <p class="hint">No photos yet. Drop some above.</p>}
      <div ref={sentinel} class="sentinel" aria-hidden="true" />
      {open && (
        <PhotoDialog
          photoId={open}
          onClose={() => {
            setOpen(null);
          }}
          onChanged={replace}
          onDeleted={remove}
        />
      )}
    </>
  );
}
