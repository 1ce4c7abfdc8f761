import fs from 'node:fs';
import sharp from 'sharp';
import t from 'tap';
import { sniffImageType } from '../../src/domain/image-type.js';
import { FIXTURES } from '../helpers/service.js';

t.test('real files are recognised by their bytes', async (t) => {
  const jpeg = fs.readFileSync(`${FIXTURES}/nokia-starfish-gps.jpg`);
  t.equal(sniffImageType(jpeg), 'image/jpeg');
  const image = sharp(jpeg).resize(64);
  t.equal(sniffImageType(await image.clone().png().toBuffer()), 'image/png');
  t.equal(sniffImageType(await image.clone().webp().toBuffer()), 'image/webp');
  t.equal(sniffImageType(await image.clone().gif().toBuffer()), 'image/gif');
  t.equal(sniffImageType(await image.clone().tiff().toBuffer()), 'image/tiff');
  t.equal(sniffImageType(await image.clone().avif({ effort: 0 }).toBuffer()), 'image/avif');
});

t.test('HEIC is told from AVIF by its brands', async (t) => {
  const ftyp = (major: string, ...compatible: string[]) => {
    const box = Buffer.alloc(16 + 4 * compatible.length);
    box.writeUInt32BE(box.length, 0);
    box.write('ftyp', 4, 'latin1');
    box.write(major, 8, 'latin1');
    compatible.forEach((b, i) => box.write(b, 16 + 4 * i, 'latin1'));
    return Buffer.concat([box, Buffer.alloc(16)]);
  };
  t.equal(sniffImageType(ftyp('heic', 'mif1', 'heic')), 'image/heic');
  t.equal(sniffImageType(ftyp('mif1', 'mif1', 'avif')), 'image/avif');
  t.equal(sniffImageType(ftyp('isom', 'mp41')), null, 'an MP4 video is not an image');
});

t.test('everything else is refused', async (t) => {
  for (const text of [
    '<svg xmlns="http://www.w3.org/2000/svg"/>',
    '%PDF-1.7 ...............................',
    'BM6\u0000\u0000\u0000\u0000\u0000\u0000\u00006\u0000\u0000\u0000(',
    '',
  ]) {
    t.equal(sniffImageType(Buffer.from(text)), null, JSON.stringify(text.slice(0, 10)));
  }
});
