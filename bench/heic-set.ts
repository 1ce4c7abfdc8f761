import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { pool, run } from './measure.js';

/** A real iPhone HEIC: 4032×3024 in 512 px HEVC tiles, irot, Display P3 (test/fixtures/README.md). */
const IPHONE = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'iphonexr-orient6-gps.heic');
const FROM_CORPUS = 8;

/**
 * The HEIC set, made once into `dir` (bench/.cache/heic): the first 8 corpus JPEGs of 10–24 MP by name,
 * encoded with Debian's `heif-enc -q 50` (libheif 1.15, x265), and the iPhone XR photo. Its paths, by name.
 */
export async function heicSet(jpegs: string, dir: string): Promise<string[]> {
  const chosen: string[] = [];
  for (const f of fs
    .readdirSync(jpegs)
    .filter((name) => name.endsWith('.jpg'))
    .sort()) {
    const { width, height } = await sharp(path.join(jpegs, f)).metadata();
    const megapixels = (width * height) / 1e6;
    if (megapixels >= 10 && megapixels <= 24 && chosen.length < FROM_CORPUS) chosen.push(f);
  }
  fs.mkdirSync(dir, { recursive: true });
  const made = (f: string) => path.join(dir, f.replace(/\.jpg$/, '.heic'));
  // Two at a time (x265 takes several seconds a photo); each written aside and renamed, so a stopped run leaves no half file.
  await pool(
    chosen.filter((f) => !fs.existsSync(made(f))),
    2,
    async (f) => {
      await run('heif-enc', ['-q', '50', '-o', `${made(f)}.part.heic`, path.join(jpegs, f)]);
      fs.renameSync(`${made(f)}.part.heic`, made(f));
    },
  );
  const iphone = path.join(dir, path.basename(IPHONE));
  if (!fs.existsSync(iphone)) fs.copyFileSync(IPHONE, iphone);
  return [...chosen.map(made), iphone].sort();
}
