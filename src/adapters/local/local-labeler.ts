import type { Label } from '../../domain/photo.js';
import type { ImageProcessor } from '../../ports/image-processor.js';
import type { LabelResult, Labeler } from '../../ports/labeler.js';

const PALETTE: [string, number, number, number][] = [
  ['Red', 200, 40, 40],
  ['Orange', 230, 130, 30],
  ['Yellow', 230, 210, 50],
  ['Green', 60, 150, 60],
  ['Blue', 50, 90, 200],
  ['Purple', 130, 60, 160],
  ['Pink', 230, 140, 180],
  ['Brown', 120, 80, 40],
  ['White', 240, 240, 240],
  ['Grey', 128, 128, 128],
  ['Black', 20, 20, 20],
];

function nearestColour(r: number, g: number, b: number): string {
  let best = 'Grey';
  let bestDistance = Infinity;
  for (const [name, pr, pg, pb] of PALETTE) {
    const d = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/**
 * Labels from the pixels alone, with no network and no model: the dominant
 * colour, the shape of the frame and its brightness. Never flags moderation.
 */
export class LocalLabeler implements Labeler {
  constructor(private readonly images: ImageProcessor) {}

  async label(image: Buffer): Promise<LabelResult> {
    const { width, height, dominant, brightness } = await this.images.stats(image);
    const labels: Label[] = [{ name: nearestColour(dominant.r, dominant.g, dominant.b), confidence: 70 }];
    const ratio = width / height;
    labels.push({
      name: ratio > 2 ? 'Panorama' : ratio > 1.05 ? 'Landscape' : ratio < 0.95 ? 'Portrait' : 'Square',
      confidence: 99,
    });
    if (brightness < 60) labels.push({ name: 'Dark', confidence: 80 });
    if (brightness > 190) labels.push({ name: 'Bright', confidence: 80 });
    return { labels, moderation: [] };
  }
}
