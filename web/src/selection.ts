import { useRef, useState } from 'preact/hooks';

export interface Selection {
  selected: ReadonlySet<string>;
  pick: (photoId: string, range: boolean) => void;
  pickGroup: (photoIds: string[], on: boolean) => void;
  clear: () => void;
  /** Drops photos that left the listing. */
  forget: (photoIds: Iterable<string>) => void;
}

/** Picked photos; a shift-pick takes every photo between it and the last one picked, in the listing's order. */
export function useSelection(order: string[]): Selection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);
  return {
    selected,
    pick(photoId, range) {
      const from = anchor.current === null ? -1 : order.indexOf(anchor.current);
      const to = order.indexOf(photoId);
      setSelected((current) => {
        const next = new Set(current);
        if (range && from >= 0 && to >= 0) {
          for (const id of order.slice(Math.min(from, to), Math.max(from, to) + 1)) next.add(id);
        } else if (next.has(photoId)) next.delete(photoId);
        else next.add(photoId);
        return next;
      });
      anchor.current = photoId;
    },
    pickGroup(photoIds, on) {
      setSelected((current) => {
        const next = new Set(current);
        for (const id of photoIds) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      });
    },
    clear() {
      setSelected(new Set());
      anchor.current = null;
    },
    forget(photoIds) {
      setSelected((current) => {
        const next = new Set(current);
        for (const id of photoIds) next.delete(id);
        return next;
      });
    },
  };
}
