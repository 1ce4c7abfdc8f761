import { useRef, useState } from 'preact/hooks';

export interface ZoomState {
  scale: number;
  x: number;
  y: number;
}

const MIN = 1;
const MAX = 8;
const clamp = (scale: number) => Math.min(MAX, Math.max(MIN, scale));
const AT_REST: ZoomState = { scale: 1, x: 0, y: 0 };

/**
 * Zoom about a point (the pointer, the pinch's middle, the stage's centre) and pan while zoomed. Points are taken
 * relative to the stage's centre, where the image's centre sits at rest: a point p stays put when the scale goes
 * from s to s' if the offset t becomes p - (p - t)·s'/s.
 */
export function useZoom() {
  const [zoom, setZoom] = useState<ZoomState>(AT_REST);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number } | null>(null);

  const relative = (stage: HTMLElement, clientX: number, clientY: number) => {
    const box = stage.getBoundingClientRect();
    return { x: clientX - box.left - box.width / 2, y: clientY - box.top - box.height / 2 };
  };
  const zoomAbout = (point: { x: number; y: number }, factor: number) => {
    setZoom((z) => {
      const scale = clamp(z.scale * factor);
      if (scale === 1) return AT_REST;
      const ratio = scale / z.scale;
      return { scale, x: point.x - (point.x - z.x) * ratio, y: point.y - (point.y - z.y) * ratio };
    });
  };

  const handlers = {
    onWheel(e: WheelEvent) {
      e.preventDefault();
      zoomAbout(relative(e.currentTarget as HTMLElement, e.clientX, e.clientY), Math.exp(-e.deltaY / 300));
    },
    onDblClick(e: MouseEvent) {
      const point = relative(e.currentTarget as HTMLElement, e.clientX, e.clientY);
      if (zoom.scale > 1) setZoom(AT_REST);
      else zoomAbout(point, 2.5);
    },
    onPointerDown(e: PointerEvent) {
      // The stage's own buttons (previous, next) keep their clicks: a captured pointer would take them away.
      if ((e.target as HTMLElement).closest('button')) return;
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
      pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.current.size === 2) {
        const [a, b] = [...pointers.current.values()] as [{ x: number; y: number }, { x: number; y: number }];
        pinch.current = { distance: Math.hypot(a.x - b.x, a.y - b.y) };
      }
    },
    onPointerMove(e: PointerEvent) {
      const previous = pointers.current.get(e.pointerId);
      if (!previous) return;
      pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.current.size === 2 && pinch.current) {
        const [a, b] = [...pointers.current.values()] as [{ x: number; y: number }, { x: number; y: number }];
        const distance = Math.hypot(a.x - b.x, a.y - b.y);
        if (pinch.current.distance > 0) {
          zoomAbout(
            relative(e.currentTarget as HTMLElement, (a.x + b.x) / 2, (a.y + b.y) / 2),
            distance / pinch.current.distance,
          );
        }
        pinch.current = { distance };
      } else if (pointers.current.size === 1 && zoom.scale > 1) {
        setZoom((z) => ({ ...z, x: z.x + e.clientX - previous.x, y: z.y + e.clientY - previous.y }));
      }
    },
    onPointerUp(e: PointerEvent) {
      pointers.current.delete(e.pointerId);
      if (pointers.current.size < 2) pinch.current = null;
    },
  };
  return {
    zoom,
    handlers,
    zoomIn: () => {
      zoomAbout({ x: 0, y: 0 }, 1.5);
    },
    zoomOut: () => {
      zoomAbout({ x: 0, y: 0 }, 1 / 1.5);
    },
    reset: () => {
      setZoom(AT_REST);
    },
  };
}
