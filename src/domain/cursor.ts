import { createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from './errors.js';

/** Where a listing stopped: the last item's sort key. */
export interface ListPosition {
  createdAt: string;
  photoId: string;
}

/**
 * Cursors are opaque to clients and bound to the user who received them:
 * the position and the user id are MAC'd, so an altered cursor or one from
 * another account is refused rather than silently listing from elsewhere.
 */
export class CursorCodec {
  constructor(private readonly key: Buffer) {}

  encode(userId: string, position: ListPosition): string {
    const body = Buffer.from(JSON.stringify([position.createdAt, position.photoId])).toString('base64url');
    return `${body}.${this.mac(userId, body)}`;
  }

  decode(userId: string, cursor: string): ListPosition {
    const invalid = badRequest('cursor is not valid for this listing', 'invalid_cursor');
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined) throw invalid;
    const expected = Buffer.from(this.mac(userId, body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
    const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') throw invalid;
    return { createdAt: parsed[0], photoId: parsed[1] };
  }

  private mac(userId: string, body: string): string {
    return createHmac('sha256', this.key).update(userId).update('\0').update(body).digest('base64url');
  }
}
