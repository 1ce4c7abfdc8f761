import type { FastifyReply } from 'fastify';

/**
 * Encoded response bodies under a byte budget; the least recently used go
 * first. Keys must name everything a body depends on: an entry is never
 * invalidated, only superseded by a key with a newer version in it.
 */
export class PageCache {
  private readonly pages = new Map<string, Buffer>();
  private used = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.pages.size;
  }

  get(key: string): Buffer | undefined {
    const page = this.pages.get(key);
    if (page) {
      // Re-inserted to mark it recently used: a Map keeps insertion order.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: Buffer): void {
    if (page.length > this.maxBytes) return;
    this.remove(key);
    this.pages.set(key, page);
    this.used += page.length;
    for (const oldest of this.pages.keys()) {
      if (this.used <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const page = this.pages.get(key);
    if (!page) return;
    this.pages.delete(key);
    this.used -= page.length;
  }
}

/** Sends a body encoded earlier (by the route's own serializer) as it is. */
export function sendEncoded(reply: FastifyReply, body: Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}
