import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getPhoto } from './api.js';
import type { Page } from './library-api.js';

export interface Listed {
  photoId: string;
  status: string;
}

export interface PhotoList<T extends Listed> {
  items: T[];
  loading: boolean;
  exhausted: boolean;
  error: string | null;
  loadMore: () => Promise<void>;
  replace: (item: T) => void;
  remove: (ids: Iterable<string>) => void;
  add: (item: T) => void;
  reload: () => void;
}

/**
 * A listing read a page at a time, kept while the viewer is open over it (so Back finds the same place), started
 * afresh when `key` changes (another search, another album). Photos still processing are looked at again each second.
 */
export function usePhotoList<T extends Listed>(
  key: string,
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
): PhotoList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [exhausted, setExhausted] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const cursor = useRef<string | null>(null);
  const busy = useRef(false);
  const current = useRef(`${key}#${generation}`);

  useEffect(() => {
    current.current = `${key}#${generation}`;
    cursor.current = null;
    busy.current = false;
    setItems([]);
    setExhausted(false);
    setError(null);
  }, [key, generation]);

  const loadMore = useCallback(async () => {
    if (busy.current || exhausted) return;
    const asked = current.current;
    busy.current = true;
    setLoading(true);
    try {
      const page = await fetchPage(cursor.current);
      if (asked !== current.current) return;
      setItems((all) => [...all, ...page.items.filter((p) => !all.some((a) => a.photoId === p.photoId))]);
      cursor.current = page.nextCursor;
      setExhausted(page.nextCursor === null);
    } catch (err) {
      if (asked === current.current) {
        setError((err as Error).message);
        setExhausted(true);
      }
    } finally {
      if (asked === current.current) {
        busy.current = false;
        setLoading(false);
      }
    }
  }, [exhausted, fetchPage]);

  const processing = items.filter((p) => p.status === 'processing').map((p) => p.photoId);
  useEffect(() => {
    if (processing.length === 0) return;
    const timer = setTimeout(async () => {
      const fresh = await Promise.all(processing.map((id) => getPhoto(id).catch(() => null)));
      setItems((all) => all.map((p) => (fresh.find((f) => f?.photoId === p.photoId) as T | undefined) ?? p));
    }, 1000);
    return () => {
      clearTimeout(timer);
    };
  }, [processing.join(',')]);

  return {
    items,
    loading,
    exhausted,
    error,
    loadMore,
    replace: (item) => {
      setItems((all) => all.map((p) => (p.photoId === item.photoId ? item : p)));
    },
    remove: (ids) => {
      const gone = new Set(ids);
      setItems((all) => all.filter((p) => !gone.has(p.photoId)));
    },
    add: (item) => {
      setItems((all) => [item, ...all.filter((p) => p.photoId !== item.photoId)]);
    },
    reload: () => {
      setGeneration((g) => g + 1);
    },
  };
}
