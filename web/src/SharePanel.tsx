import { useEffect, useState } from 'preact/hooks';
import { listShares, revokeShare, sharePhoto, type CreatedShare, type Share } from './api.js';
import { when } from './format.js';

const EXPIRIES = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
];

/** Make a time-limited link, copy it, see each link's views and expiry, revoke one. Links come a page at a time. */
export function SharePanel({ photoId }: { photoId: string }) {
  const [expiry, setExpiry] = useState(86_400);
  const [latest, setLatest] = useState<CreatedShare | null>(null);
  const [shares, setShares] = useState<Share[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const failed = (err: unknown) => {
    setMessage((err as Error).message);
  };
  /** The first page again (after a new link, which comes first). */
  const reload = () =>
    listShares(photoId).then((r) => {
      setShares(r.items);
      setCursor(r.nextCursor);
    }, failed);
  useEffect(() => void reload(), [photoId]);

  const more = () =>
    listShares(photoId, cursor).then((r) => {
      setShares((all) => [...all, ...r.items.filter((s) => !all.some((a) => a.shareId === s.shareId))]);
      setCursor(r.nextCursor);
    }, failed);

  /** Marked in place, so the older pages already shown stay. */
  const revoke = (shareId: string) =>
    revokeShare(shareId).then(() => {
      setShares((all) =>
        all.map((s) => (s.shareId === shareId ? { ...s, state: 'revoked', revokedAt: new Date().toISOString() } : s)),
      );
    }, failed);

  async function create(e: Event) {
    e.preventDefault();
    setMessage(null);
    try {
      setLatest(await sharePhoto(photoId, expiry));
      await reload();
    } catch (err) {
      setMessage((err as Error).message);
    }
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setMessage('Link copied.');
    } catch {
      setMessage('Copy the link from the box.');
    }
  }

  return (
    <section class="share" aria-labelledby="share-title">
      <h3 id="share-title">Share</h3>
      <form onSubmit={create}>
        <label>
          Link expires in
          <select
            name="expiry"
            value={expiry}
            onChange={(e) => {
              setExpiry(Number(e.currentTarget.value));
            }}
          >
            {EXPIRIES.map((x) => (
              <option key={x.seconds} value={x.seconds}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Create link</button>
      </form>
      {latest?.url && (
        <p class="new-link">
          <label>
            New link
            <input
              readOnly
              name="share-url"
              value={latest.url}
              onFocus={(e) => {
                e.currentTarget.select();
              }}
            />
          </label>
          <button type="button" onClick={() => copy(latest.url)}>
            Copy
          </button>
        </p>
      )}
      {message && (
        <p role="status" class="message">
          {message}
        </p>
      )}
      {shares.length > 0 && (
        <table class="shares">
          <caption>Links to this photo</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Views</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shares.map((s) => (
              <tr key={s.shareId} data-share={s.shareId}>
                <td>{when(s.createdAt)}</td>
                <td>{when(s.expiresAt)}</td>
                <td class="views">{s.views}</td>
                <td class="state">{s.state}</td>
                <td>
                  {s.state === 'live' && (
                    <button type="button" onClick={() => revoke(s.shareId)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" class="more-shares" onClick={() => more()}>
          Show older links
        </button>
      )}
    </section>
  );
}
