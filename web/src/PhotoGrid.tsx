import { useEffect, useRef } from 'preact/hooks';
import type { Photo } from './api.js';
import { dayTitle, groupByDay, monthTitle } from './dates.js';
import { placeholderOf } from './thumbhash-placeholder.js';

export type GridPhoto = Pick<
  Photo,
  'photoId' | 'status' | 'filename' | 'title' | 'thumbhash' | 'urls' | 'takenAt' | 'createdAt'
> & {
  error?: string;
  favorite?: boolean;
};

interface Props<T extends GridPhoto> {
  label: string;
  items: T[];
  /** Month and day headers (the timeline, search results); else one plain grid (an album's own order). */
  grouped: boolean;
  selected: ReadonlySet<string>;
  /** A click on a checkbox, or on a tile while something is selected; shift: the range from the last one picked. */
  onPick: (photoId: string, range: boolean) => void;
  onPickGroup: (photoIds: string[], on: boolean) => void;
  /** Null: tiles only select (the trash). */
  onOpen: ((photoId: string) => void) | null;
  /** Under each tile, e.g. when a photo in the trash goes for good. */
  caption?: (item: T) => string | null;
  onNearEnd: () => void;
  /** The photo just closed in the viewer, to give focus back to. */
  focusPhotoId?: string | null;
}

const nameOf = (p: GridPhoto) => p.title || p.filename;

/** Photos as square tiles: placeholder colours at once, thumbnails over them, a checkbox each, more on scroll. */
export function PhotoGrid<T extends GridPhoto>(props: Props<T>) {
  const { items, grouped, selected, onPick, onPickGroup, onOpen, caption, onNearEnd, focusPhotoId } = props;
  const sentinel = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = sentinel.current;
    if (!target) return;
    // Well before the end comes into view, so scrolling seldom waits.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) onNearEnd();
      },
      {
        rootMargin: '0px 0px 800px 0px',
      },
    );
    observer.observe(target);
    return () => {
      observer.disconnect();
    };
  }, [onNearEnd]);
  useEffect(() => {
    if (!focusPhotoId) return;
    root.current?.querySelector<HTMLElement>(`[data-photo="${focusPhotoId}"] .tile`)?.focus({ preventScroll: false });
  }, [focusPhotoId]);

  const selecting = selected.size > 0;
  const tile = (photo: T) => {
    const name = nameOf(photo);
    const isSelected = selected.has(photo.photoId);
    const note = caption?.(photo);
    const click = (e: MouseEvent) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.altKey) return;
      e.preventDefault();
      if (selecting || e.shiftKey || !onOpen) onPick(photo.photoId, e.shiftKey);
      else onOpen(photo.photoId);
    };
    const body =
      photo.status === 'ready' && photo.urls ? (
        <img src={photo.urls.thumbnail} alt="" loading="lazy" decoding="async" />
      ) : photo.status === 'failed' ? (
        <span class="placeholder failed" title={photo.error}>
          Could not read this photo
        </span>
      ) : (
        <span class="placeholder">Processing…</span>
      );
    return (
      <li key={photo.photoId} class={`cell${isSelected ? ' selected' : ''}`} data-photo={photo.photoId}>
        {onOpen ? (
          <a
            href={`/photos/${photo.photoId}`}
            class={`tile ${photo.status}`}
            data-status={photo.status}
            aria-label={`Open ${name}`}
            style={photo.thumbhash ? { backgroundImage: `url(${placeholderOf(photo.thumbhash)})` } : undefined}
            onClick={click}
          >
            {body}
          </a>
        ) : (
          <button
            type="button"
            class={`tile ${photo.status}`}
            data-status={photo.status}
            aria-label={`Select ${name}`}
            aria-pressed={isSelected}
            style={photo.thumbhash ? { backgroundImage: `url(${placeholderOf(photo.thumbhash)})` } : undefined}
            onClick={click}
          >
            {body}
          </button>
        )}
        {onOpen && (
          <input
            type="checkbox"
            class="pick"
            checked={isSelected}
            aria-label={`Select ${name}`}
            onClick={(e) => {
              e.preventDefault();
              onPick(photo.photoId, e.shiftKey);
            }}
            onKeyDown={(e) => {
              if (e.key !== ' ') return;
              e.preventDefault();
              onPick(photo.photoId, e.shiftKey);
            }}
          />
        )}
        {photo.favorite && (
          <span class="fav-mark" aria-label="Favourite" role="img">
            ♥
          </span>
        )}
        {note && <span class="caption">{note}</span>}
      </li>
    );
  };

  if (!grouped)
    return (
      <div ref={root}>
        <ul class="grid" aria-label={props.label}>
          {items.map(tile)}
        </ul>
        <div ref={sentinel} class="sentinel" aria-hidden="true" />
      </div>
    );

  const groups = groupByDay(items);
  return (
    <div ref={root} class="timeline" aria-label={props.label} role="region">
      {groups.map((group, index) => {
        const ids = group.items.map((p) => p.photoId);
        const all = ids.every((id) => selected.has(id));
        const newMonth = index === 0 || groups[index - 1]!.day.slice(0, 7) !== group.day.slice(0, 7);
        return (
          <section key={group.day} class="day" aria-label={dayTitle(group.day)}>
            {newMonth && (
              <h2 class="month" id={`month-${group.day.slice(0, 7)}`}>
                {monthTitle(group.day)}
              </h2>
            )}
            <div class="day-head">
              <h3>{dayTitle(group.day)}</h3>
              <label class="pick-day">
                <input
                  type="checkbox"
                  checked={all}
                  onChange={() => {
                    onPickGroup(ids, !all);
                  }}
                />
                <span class="visually-hidden">Select all of {dayTitle(group.day)}</span>
              </label>
            </div>
            <ul class="grid">{group.items.map(tile)}</ul>
          </section>
        );
      })}
      <div ref={sentinel} class="sentinel" aria-hidden="true" />
    </div>
  );
}
