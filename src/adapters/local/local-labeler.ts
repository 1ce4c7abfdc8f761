import type { Label } from '../../domain/photo.js';
import type { LabelResult, Labeler } from '../../ports/labeler.js';

const PALETTE: [string, number, number, number][] = [
  ['Red', 200, 40, 40], ['Orange', 230, 130, 30], ['Yellow', 230, 210, 50], ['Green', 60, 150, 60],
  ['Blue', 50, 90, 200], ['Purple', 130, 60, 160], ['Pink', 230, 140, 180], ['Brown', 120, 80, 40],
  ['White', 240, 240, 240], ['Grey', 128, 128, 128], ['Black', 20, 20, 20],
];

function nearestColour(r: number, g: number, b: number): string {
  let best = PALETTE[0]!;
  let bestDistance = Infinity;
  for (const entry of PALETTE) {
    const d = (entry[1] - r) ** 2 + (entry[2] - g) ** 2 + (entry[3] - b) ** 2;
    if (d < bestDistance) [best, bestDistance] = [entry, d];
  }
  return best[0];
}

/**
 * Labels from the pixels alone, with no network and no model: the dominant
 * colour, the shape of the frame and its brightness. Never flags moderation.
 */
export class LocalLabeler implements Labeler {
  async label(image: Buffer): Promise<LabelResult> {
    // Loaded by the worker that labels, not by every process that wires adapters.
    const { default: sharp } = await import('sharp');
    const { width = 1, height = 1 } = await sharp(image).metadata();
    // stats() reads its input whole; colours and brightness need no more than a JPEG's shrink-on-load to 128 px.
    const small = await sharp(image).resize(128, 128, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    const { dominant, channels } = await sharp(small.data, { raw: small.info }).stats();
    const labels: Label[] = [{ name: nearestColour(dominant.r, dominant.g, dominant.b), confidence: 70 }];
    const ratio = width / height;
    labels.push({ name: ratio > 2 ? 'Panorama' : ratio > 1.05 ? 'Landscape' : ratio < 0.95 ? 'Portrait' : 'Square', confidence: 99 });
    const mean = channels.slice(0, 3).reduce((sum, c) => sum + c.mean, 0) / Math.min(3, channels.length);
    if (mean < 60) labels.push({ name: 'Dark', confidence: 80 });
    if (mean > 190) labels.push({ name: 'Bright', confidence: 80 });
    return { labels, moderation: [] };
  }
}
