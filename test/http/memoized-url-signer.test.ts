import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { CloudFrontFormatSigner } from '../../src/adapters/local/cloudfront-format-signer.js';
import { loadOrCreateRsaKey } from '../../src/adapters/local/key-files.js';
import { MemoizedUrlSigner } from '../../src/http/memoized-url-signer.js';
import { signedUrlExpiry } from '../../src/http/photo-presenter.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memo-signer-'));
t.teardown(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
const real = new CloudFrontFormatSigner('http://localhost:3000', loadOrCreateRsaKey(dir, 'cdn-signing'));

t.test('remembered URLs are the ones the real signer makes, and still verify', async (t) => {
  const memo = new MemoizedUrlSigner(real);
  const now = new Date();
  const expiresAt = signedUrlExpiry(now, 3600);
  const url = memo.sign('processed/u/p/thumbnail.jpg', expiresAt);
  t.equal(url, real.sign('processed/u/p/thumbnail.jpg', expiresAt));
  t.equal(
    memo.sign('processed/u/p/thumbnail.jpg', new Date(expiresAt.getTime())),
    url,
    'the same key and window give the same URL',
  );
  t.same(real.verify(new URL(url), now), { key: 'processed/u/p/thumbnail.jpg', view: null });
  const later = memo.sign('processed/u/p/thumbnail.jpg', new Date(expiresAt.getTime() + 3_600_000));
  t.not(later, url, 'the next window gets its own signature');
  t.same(real.verify(new URL(later), now), { key: 'processed/u/p/thumbnail.jpg', view: null });
  t.not(memo.sign('processed/u/p/preview.jpg', expiresAt), url, 'another key, another URL');
  const forTrash = memo.sign('processed/u/p/thumbnail.jpg', expiresAt, 'trash');
  t.not(forTrash, url, 'another view, another URL');
  t.same(real.verify(new URL(forTrash), now), { key: 'processed/u/p/thumbnail.jpg', view: 'trash' });
  const claimed = new URL(url);
  claimed.searchParams.set('view', 'trash');
  t.same(real.verify(claimed, now), { refused: 'invalid' }, 'the view cannot be added to a URL signed without it');
  const dropped = new URL(forTrash);
  dropped.searchParams.delete('view');
  t.same(real.verify(dropped, now), { refused: 'invalid' }, 'nor taken off one signed with it');
});

t.test('memory stays bounded: the oldest entries go first', async (t) => {
  const memo = new MemoizedUrlSigner(real, 3);
  const expiresAt = signedUrlExpiry(new Date(), 3600);
  for (let i = 0; i < 10; i++) memo.sign(`processed/u/p${i}/thumbnail.jpg`, expiresAt);
  t.equal(memo.size, 3);
});
