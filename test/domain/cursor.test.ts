import { createHmac } from 'node:crypto';
import t from 'tap';
import {
  ALBUMS_LISTING,
  CursorCodec,
  LIBRARY_LISTING,
  TRASH_LISTING,
  albumListing,
  sharesListing,
} from '../../src/domain/cursor.js';

const key = Buffer.alloc(32, 9);
const codec = new CursorCodec(key);
const position = { createdAt: '2026-01-01T00:00:00.000Z', id: 'AAAAAAAAAAAAAAAAAAAAAA' };
const statusOf = (f: () => unknown) => {
  try {
    f();
    return 'accepted';
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

t.test('a cursor goes back only to its own listing and user', async (t) => {
  const library = codec.encode('ana', LIBRARY_LISTING, position);
  const shares = codec.encode('ana', sharesListing('photoA'), position);
  t.same(codec.decode('ana', LIBRARY_LISTING, library), position);
  t.same(codec.decode('ana', sharesListing('photoA'), shares), position);
  t.equal(
    statusOf(() => codec.decode('ana', sharesListing('photoA'), library)),
    'invalid_cursor',
    'a library cursor is no share cursor',
  );
  t.equal(
    statusOf(() => codec.decode('ana', LIBRARY_LISTING, shares)),
    'invalid_cursor',
    'nor the other way round',
  );
  t.equal(
    statusOf(() => codec.decode('ana', sharesListing('photoB'), shares)),
    'invalid_cursor',
    "nor another photo's",
  );
  t.equal(
    statusOf(() => codec.decode('bo', sharesListing('photoA'), shares)),
    'invalid_cursor',
    "nor another user's",
  );
  t.equal(
    statusOf(() => new CursorCodec(Buffer.alloc(32, 1)).decode('ana', LIBRARY_LISTING, library)),
    'invalid_cursor',
    'nor under another key',
  );
});

t.test('library cursors handed out before listings were named still work', async (t) => {
  // What the codec wrote before: base64url JSON [createdAt, photoId], MAC'd with the user id.
  const body = Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
  const mac = createHmac('sha256', key).update('ana').update('\0').update(body).digest('base64url');
  t.equal(codec.encode('ana', LIBRARY_LISTING, position), `${body}.${mac}`, 'the same bytes as before');
  t.same(codec.decode('ana', LIBRARY_LISTING, `${body}.${mac}`), position);
});

t.test('the trash, the albums and each album have cursors of their own', async (t) => {
  const listings = [LIBRARY_LISTING, TRASH_LISTING, ALBUMS_LISTING, albumListing('albumA'), albumListing('albumB')];
  for (const from of listings) {
    const cursor = codec.encode('ana', from, position);
    for (const to of listings) {
      t.equal(
        statusOf(() => codec.decode('ana', to, cursor)),
        from === to ? 'accepted' : 'invalid_cursor',
        `${JSON.stringify(from)} → ${JSON.stringify(to)}`,
      );
    }
  }
});
