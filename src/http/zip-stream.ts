import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/** One file of a zip: its name in the archive and its bytes as a stream. */
export interface ZipSource {
  name: string;
  body: Readable;
  size: number;
  mtime: Date;
}

/**
 * A zip of `files`, streamed as it is read: entries are stored, not deflated (photos are compressed already), and
 * each file's stream is opened only once the previous one has been written, so one file is open at a time and the
 * reader's pace (backpressure) reaches the source. If the reader goes away the open source is destroyed and no
 * further one is opened; a source that fails fails the zip's stream.
 */
export function zipStream(files: AsyncIterable<ZipSource>): Readable {
  const zip = new ZipFile();
  // A PassThrough, typed by @types/yazl as the older ReadableStream interface.
  const out = zip.outputStream as unknown as Readable;
  // Set from the stream's events, read by the loop below.
  const state: { current: Readable | null; closed: boolean } = { current: null, closed: false };
  out.once('close', () => {
    state.closed = true;
    state.current?.destroy();
  });
  zip.on('error', (err: Error) => out.destroy(err));
  void (async () => {
    for await (const file of files) {
      if (state.closed) {
        file.body.destroy();
        return;
      }
      state.current = file.body;
      zip.addReadStream(file.body, file.name, { compress: false, mtime: file.mtime, size: file.size });
      await finished(file.body);
      state.current = null;
    }
    if (!state.closed) zip.end();
  })().catch((err: unknown) => {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}
