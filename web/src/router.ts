import { useEffect, useState } from 'preact/hooks';

/** The app's pages, each with a URL of its own (served the app on a reload: src/routes/web-ui.ts). */
export type Route =
  | { page: 'timeline' }
  | { page: 'favorites' }
  | { page: 'search'; query: URLSearchParams }
  | { page: 'albums' }
  | { page: 'album'; albumId: string }
  | { page: 'trash' }
  | { page: 'account' }
  | { page: 'missing' };

/** Where the app is: a page, and the photo open in the viewer over it (`/photos/:id`). */
export interface Place {
  route: Route;
  photoId: string | null;
}

/** A photo's URL remembers the page it was opened from, so Back and a reload show that page under it. */
interface HistoryState {
  under?: string;
  /** The app pushed this entry, so the page under it is the entry before. */
  pushed?: boolean;
}

const ID = '([A-Za-z0-9_-]{1,64})';

export function routeOf(path: string, search: string): Route {
  if (path === '/' || path === '') return { page: 'timeline' };
  if (path === '/favorites') return { page: 'favorites' };
  if (path === '/search') return { page: 'search', query: new URLSearchParams(search) };
  if (path === '/albums') return { page: 'albums' };
  const album = new RegExp(`^/albums/${ID}$`).exec(path);
  if (album) return { page: 'album', albumId: album[1]! };
  if (path === '/trash') return { page: 'trash' };
  if (path === '/account') return { page: 'account' };
  return { page: 'missing' };
}

function placeOf(): Place {
  const photo = new RegExp(`^/photos/${ID}$`).exec(location.pathname);
  if (!photo) return { route: routeOf(location.pathname, location.search), photoId: null };
  const under = new URL((history.state as HistoryState | null)?.under ?? '/', location.origin);
  return { route: routeOf(under.pathname, under.search), photoId: photo[1]! };
}

const listeners = new Set<() => void>();
const changed = () => {
  for (const listener of listeners) listener();
};
addEventListener('popstate', changed);

/** The current place, re-rendered on every navigation (links, Back, Forward). */
export function usePlace(): Place {
  const [place, setPlace] = useState(placeOf);
  useEffect(() => {
    const update = () => {
      setPlace(placeOf());
    };
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return place;
}

export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (url === location.pathname + location.search) return;
  history[options.replace ? 'replaceState' : 'pushState'](null, '', url);
  changed();
}

/** Opens a photo over the current page (a new history entry, so Back closes it); from one photo to the next replaces it. */
export function openPhoto(photoId: string): void {
  const state = history.state as HistoryState | null;
  const opened = placeOf().photoId !== null;
  const next: HistoryState = opened ? { ...state } : { under: location.pathname + location.search, pushed: true };
  history[opened ? 'replaceState' : 'pushState'](next, '', `/photos/${photoId}`);
  changed();
}

/** Closes the viewer: Back when the app opened it (Forward reopens it), else (a deep link) to the page under it. */
export function closePhoto(): void {
  const state = history.state as HistoryState | null;
  if (state?.pushed) {
    history.back();
    return;
  }
  history.replaceState(null, '', state?.under ?? '/');
  changed();
}

/** Follows an in-app link without a page load; lets modified clicks (new tab) do what the browser does. */
export function follow(e: MouseEvent, url: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(url);
}
