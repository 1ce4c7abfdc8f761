import { on } from 'node:events';
import fs from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SharpImageProcessor } from '../src/adapters/media/sharp-image-processor.js';
import { pool } from './measure.js';

// Forked by bench/heic.ts: bench/heic-render.ts IN_FLIGHT bundled|SHARP_APP_DIR FILE…
// The worker's renderVariants from the built service (dist/), IN_FLIGHT photos at a time with cores / IN_FLIGHT
// libvips threads each, as the worker runs them. With a SHARP_APP_DIR, `sharp` is that folder's (the container's,
// on a libvips with libheif; fork this with its LD_LIBRARY_PATH), so HEIC goes into libvips as it is.
// Sends which decoder reads HEIC, then answers each 'pass' with the milliseconds of one pass over the files.
const [inFlight, sharpApp, ...files] = process.argv.slice(2);

if (sharpApp !== 'bundled') {
  // Every `import 'sharp'` (the processor's, the HEVC check's) resolved as if from that folder.
  const parent = pathToFileURL(path.join(sharpApp!, 'package.json')).href;
  register(
    `data:text/javascript,${encodeURIComponent(
      `export const resolve = (s, c, next) => next(s, s === 'sharp' ? { ...c, parentURL: ${JSON.stringify(parent)} } : c);`,
    )}`,
  );
}
const built = pathToFileURL(path.join(import.meta.dirname, '..', 'dist', 'src', 'adapters', 'media', 'sharp-image-processor.js'));
const { SharpImageProcessor: Processor } = (await import(built.href)) as { SharpImageProcessor: typeof SharpImageProcessor };

const images = new Processor({
  maxPixels: 100_000_000,
  threads: Math.max(1, Math.floor(os.availableParallelism() / Number(inFlight))),
  heifThreads: Number(inFlight),
});
// The worker reads each original from the store; here the bytes are read before timing.
const inputs = files.map((f) => fs.readFileSync(f));
const send = (message: unknown) => new Promise((resolve) => process.send!(message, resolve));

await send({ decoder: await images.heicDecoder() });
for await (const [message] of on(process, 'message')) {
  if (message !== 'pass') break;
  const start = process.hrtime.bigint();
  await pool(inputs, Number(inFlight), (input) => images.renderVariants(input));
  await send({ ms: Number(process.hrtime.bigint() - start) / 1e6 });
}
await images.close();
process.disconnect();
