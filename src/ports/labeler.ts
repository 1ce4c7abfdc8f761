import type { Label } from '../domain/photo.js';

export interface LabelResult {
  labels: Label[];
  /** Moderation findings; a photo with any is not shareable. */
  moderation: Label[];
}

export interface Labeler {
  /** `image` is a JPEG preview of the photo (small enough for any service). */
  label(image: Buffer): Promise<LabelResult>;
}
