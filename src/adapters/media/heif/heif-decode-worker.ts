import { parentPort } from 'node:worker_threads';
import { HeifDecodeError } from './heif-decode-error.js';
import { decodeHeif } from './libheif-decoder.js';

/** A job for this thread, as HeifDecoderPool posts it. */
export interface DecodeRequest {
  id: number;
  input: Uint8Array;
  maxPixels: number;
}

/** Its answer: the TIFF's bytes are transferred, not copied. */
export type DecodeReply =
  | { id: number; ok: true; tiff: ArrayBuffer; width: number; height: number }
  | { id: number; ok: false; reason: HeifDecodeError['reason']; message: string };

const port = parentPort;
if (!port) throw new Error('heif-decode-worker runs as a worker thread');

port.on('message', ({ id, input, maxPixels }: DecodeRequest) => {
  try {
    const { tiff, width, height } = decodeHeif(input, maxPixels);
    // Buffers this large are never pooled, so the whole ArrayBuffer is the TIFF and can move without a copy.
    const bytes =
      tiff.byteOffset === 0 && tiff.byteLength === tiff.buffer.byteLength
        ? tiff.buffer
        : tiff.buffer.slice(tiff.byteOffset, tiff.byteOffset + tiff.byteLength);
    const reply: DecodeReply = { id, ok: true, tiff: bytes as ArrayBuffer, width, height };
    port.postMessage(reply, [reply.tiff]);
  } catch (err) {
    const reason = err instanceof HeifDecodeError ? err.reason : 'undecodable';
    const message = (err instanceof Error ? err.message : String(err)).trim();
    port.postMessage({ id, ok: false, reason, message } satisfies DecodeReply);
  }
});
