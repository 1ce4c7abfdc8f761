import { createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from './errors.js';

/** Where the library listing stopped: the last photo's sort key. */
export interface ListPosition {
  createdAt: string;
  photoId: string;
}

/** Where a photo's share listing stopped: the last link's sort key. */
export interface SharePosition {
  createdAt: string;
  shareId: string;
}

/** A position as the codec carries it: the sort key (`createdAt`, or the listing's own sort value) and the id that breaks its ties. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/** Which listing a cursor continues: the user's library, a photo's share links, the trash, the albums, or one album's photos. */
export type CursorListing =
  | { kind: 'library' }
  | { kind: 'library-taken' }
  | { kind: 'shares'; photoId: string }
  | { kind: 'trash' }
  | { kind: 'albums' }
  | { kind: 'album'; albumId: string };

export const LIBRARY_LISTING: CursorListing = { kind: 'library' };
/** The library newest taken first (`order=taken`): its position's sort value is the photo's `takenSort`. */
export const LIBRARY_TAKEN_LISTING: CursorListing = { kind: 'library-taken' };
export const TRASH_LISTING: CursorListing = { kind: 'trash' };
export const ALBUMS_LISTING: CursorListing = { kind: 'albums' };
export const sharesListing = (photoId: string): CursorListing => ({ kind: 'shares', photoId });
export const albumListing = (albumId: string): CursorListing => ({ kind: 'album', albumId });

/**
 * Cursors are opaque to clients and bound to the user who received them and
 * to the listing they came from: the body names the position and the listing,
 * and the body and the user id are MAC'd. An altered cursor, one from another
 * account, or one from another listing (the library, another photo's links)
 * is refused rather than silently listing from elsewhere.
 *
 * The body is base64url JSON: `[createdAt, id]` for the library (the form
 * its cursors had before other listings had them, so those stay valid), and
 * `[createdAt, id, "shares", photoId]` for a photo's links, `[takenSort, id, "taken"]` for the library in
 * date-taken order (so a cursor of one order is refused by the other). A decoder
 * accepts only its own listing's exact shape.
 */
export class CursorCodec {
  constructor(private readonly key: Buffer) {}

  encode(userId: string, listing: CursorListing, position: CursorPosition): string {
    const body = Buffer.from(JSON.stringify([position.createdAt, position.id, ...tagOf(listing)])).toString('base64url');
    return `${body}.${this.mac(userId, body)}`;
  }

  decode(userId: string, listing: CursorListing, cursor: string): CursorPosition {
    const invalid = badRequest('cursor is not valid for this listing', 'invalid_cursor');
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined) throw invalid;
    const expected = Buffer.from(this.mac(userId, body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
    const parsed = parseJson(Buffer.from(body, 'base64url').toString('utf8'));
    const tag = tagOf(listing);
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 2 + tag.length ||
      typeof parsed[0] !== 'string' ||
      typeof parsed[1] !== 'string' ||
      tag.some((part, i) => parsed[2 + i] !== part)
    ) {
      throw invalid;
    }
    return { createdAt: parsed[0], id: parsed[1] };
  }

  private mac(userId: string, body: string): string {
    return createHmac('sha256', this.key).update(userId).update('\0').update(body).digest('base64url');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What the body carries after the position to name its listing; nothing for the library. */
function tagOf(listing: CursorListing): string[] {
  switch (listing.kind) {
    case 'library':
      return [];
    case 'library-taken':
      return ['taken'];
    case 'shares':
      return ['shares', listing.photoId];
    case 'album':
      return ['album', listing.albumId];
    default:
      return [listing.kind];
  }
}
