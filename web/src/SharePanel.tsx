import { useEffect, useId, useState } from 'preact/hooks';
import { when } from './format.js';
import { QrCode } from './QrCode.js';
import {
  createShareLink,
  listShareLinks,
  MAX_SHARE_SECONDS,
  revokeShareLink,
  type CreatedShareLink,
  type NewShareLink,
  type ShareLink,
  type ShareTarget,
} from './share-api.js';
import './share-panel.css';

const PRESETS = [
  { label: '1 hour', value: '3600' },
  { label: '1 day', value: '86400' },
  { label: '7 days', value: '604800' },
  { label: 'Until a date…', value: 'date' },
];
const MAX_VIEWS = 1_000_000;
const STATES: Record<ShareLink['state'], string> = {
  live: 'Live',
  expired: 'Expired',
  revoked: 'Revoked',
  used_up: 'Used up',
};

/** A local calendar day as the date input speaks it (YYYY-MM-DD). */
function day(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Seconds from now to the end of the chosen day, at most the server's longest; null for a day gone by. */
function secondsUntilEndOf(value: string): number | null {
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return null;
  const seconds = Math.floor((new Date(y, m - 1, d, 23, 59, 59).getTime() - Date.now()) / 1000);
  return seconds < 1 ? null : Math.min(seconds, MAX_SHARE_SECONDS);
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Share one photo or an album: make a link (expiry, password, download, most views), see it whole and copy it;
 * every live link in the list can be copied again or shown as a QR code, and revoked.
 */
export function SharePanel({ target }: { target: ShareTarget }) {
  const what = 'photoId' in target ? 'photo' : 'album';
  const key = 'photoId' in target ? target.photoId : target.albumId;
  const id = useId();
  const [expiry, setExpiry] = useState('86400');
  const [until, setUntil] = useState('');
  const [password, setPassword] = useState('');
  const [allowDownload, setAllowDownload] = useState(false);
  const [maxViews, setMaxViews] = useState('');
  const [busy, setBusy] = useState(false);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [latest, setLatest] = useState<CreatedShareLink | null>(null);
  const [latestMessage, setLatestMessage] = useState<string | null>(null);
  const [links, setLinks] = useState<ShareLink[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [listMessage, setListMessage] = useState<string | null>(null);
  const [rowMessages, setRowMessages] = useState<Record<string, string>>({});
  const [qrFor, setQrFor] = useState<string | null>(null);

  const rowSays = (shareId: string, message: string) => {
    setRowMessages((all) => ({ ...all, [shareId]: message }));
  };
  const failedList = (err: unknown) => {
    setListMessage((err as Error).message);
  };
  /** The first page again (after a new link, which comes first). */
  const reload = () =>
    listShareLinks(target).then((page) => {
      setLinks(page.items);
      setCursor(page.nextCursor);
      setListMessage(null);
    }, failedList);
  useEffect(() => {
    setLatest(null);
    setQrFor(null);
    setRowMessages({});
    void reload();
  }, [what, key]);

  const more = () =>
    listShareLinks(target, cursor).then((page) => {
      setLinks((all) => [...all, ...page.items.filter((s) => !all.some((a) => a.shareId === s.shareId))]);
      setCursor(page.nextCursor);
    }, failedList);

  /** Marked in place, so the older pages already shown stay. */
  const revoke = (shareId: string) =>
    revokeShareLink(shareId).then(
      () => {
        setLinks((all) =>
          all.map((s) =>
            s.shareId === shareId ? { ...s, state: 'revoked', url: null, revokedAt: new Date().toISOString() } : s,
          ),
        );
        if (qrFor === shareId) setQrFor(null);
        rowSays(shareId, 'Link revoked: it no longer opens.');
      },
      (err: unknown) => {
        rowSays(shareId, (err as Error).message);
      },
    );

  async function create(e: Event) {
    e.preventDefault();
    setFormMessage(null);
    const seconds = expiry === 'date' ? secondsUntilEndOf(until) : Number(expiry);
    if (seconds === null) {
      setFormMessage('Choose a day from today to 7 days from now.');
      return;
    }
    const options: NewShareLink = { expiresInSeconds: seconds };
    if (password !== '') options.password = password;
    if (allowDownload) options.allowDownload = true;
    if (maxViews !== '') options.maxViews = Number(maxViews);
    setBusy(true);
    try {
      const made = await createShareLink(target, options);
      setLatest(made);
      setLatestMessage(null);
      setPassword('');
      await reload();
    } catch (err) {
      setFormMessage((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const today = new Date();
  const lastDay = new Date(today.getTime() + MAX_SHARE_SECONDS * 1000);

  return (
    <section class="share-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Share</h3>
      <form class="share-form" onSubmit={create}>
        <label>
          Link expires in
          <select
            name="expiry"
            value={expiry}
            onChange={(e) => {
              setExpiry(e.currentTarget.value);
            }}
          >
            {PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {expiry === 'date' && (
          <label>
            Expires at the end of
            <input
              type="date"
              name="until"
              required
              min={day(today)}
              max={day(lastDay)}
              value={until}
              onInput={(e) => {
                setUntil(e.currentTarget.value);
              }}
            />
          </label>
        )}
        <label>
          Password (optional)
          <input
            type="password"
            name="share-password"
            autocomplete="new-password"
            minLength={4}
            maxLength={200}
            value={password}
            onInput={(e) => {
              setPassword(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          Max views (optional)
          <input
            type="number"
            name="max-views"
            inputMode="numeric"
            min={1}
            max={MAX_VIEWS}
            step={1}
            value={maxViews}
            onInput={(e) => {
              setMaxViews(e.currentTarget.value);
            }}
          />
        </label>
        <label class="share-check">
          <input
            type="checkbox"
            name="allow-download"
            checked={allowDownload}
            onChange={(e) => {
              setAllowDownload(e.currentTarget.checked);
            }}
          />
          Allow download of the full-size {what === 'photo' ? 'photo' : 'photos'}
        </label>
        <button type="submit" disabled={busy}>
          Create link
        </button>
        {formMessage && (
          <p role="status" class="share-message">
            {formMessage}
          </p>
        )}
      </form>

      {latest && (
        <div class="share-new">
          <label for={`${id}-new`}>New link</label>
          <textarea
            id={`${id}-new`}
            readOnly
            rows={3}
            name="share-url"
            value={latest.url}
            onFocus={(e) => {
              e.currentTarget.select();
            }}
          />
          <button
            type="button"
            onClick={async () => {
              setLatestMessage(
                (await copyText(latest.url)) ? 'Link copied.' : 'Copying was refused: select the link and copy it.',
              );
            }}
          >
            Copy
          </button>
          {latestMessage && (
            <p role="status" class="share-message">
              {latestMessage}
            </p>
          )}
        </div>
      )}

      {listMessage && (
        <p role="status" class="share-message">
          {listMessage}
        </p>
      )}
      {links.length > 0 && (
        <>
          <h4 id={`${id}-links`}>Links to this {what}</h4>
          <ul class="share-links" aria-labelledby={`${id}-links`}>
            {links.map((s) => (
              <li key={s.shareId} data-share={s.shareId} data-state={s.state}>
                <p class="share-facts">
                  <span class="state">{STATES[s.state]}</span>
                  <span>
                    {s.state === 'expired' ? 'Expired' : 'Expires'} {when(s.expiresAt)}
                  </span>
                  <span>
                    <span class="views">{s.views}</span>
                    {s.maxViews === null ? '' : ` of ${s.maxViews}`} {s.views === 1 && s.maxViews === null ? 'view' : 'views'}
                  </span>
                  {s.hasPassword && <span>Password</span>}
                  {s.allowDownload && <span>Download allowed</span>}
                </p>
                {s.state === 'live' && (
                  <div class="share-actions">
                    {s.url && (
                      <>
                        <button
                          type="button"
                          onClick={async () => {
                            const url = s.url!;
                            rowSays(s.shareId, (await copyText(url)) ? 'Link copied.' : `Copying was refused; the link: ${url}`);
                          }}
                        >
                          Copy link
                        </button>
                        <button
                          type="button"
                          aria-expanded={qrFor === s.shareId}
                          aria-controls={`${id}-qr-${s.shareId}`}
                          onClick={() => {
                            setQrFor(qrFor === s.shareId ? null : s.shareId);
                          }}
                        >
                          QR code
                        </button>
                      </>
                    )}
                    <button type="button" onClick={() => revoke(s.shareId)}>
                      Revoke
                    </button>
                  </div>
                )}
                {s.state === 'live' && !s.url && (
                  <p class="share-note">Made before links could be copied again: only its first copy has the link.</p>
                )}
                {qrFor === s.shareId && s.url && (
                  <div class="share-qr" id={`${id}-qr-${s.shareId}`}>
                    <QrCode text={s.url} label={`QR code for the link that expires ${when(s.expiresAt)}`} />
                  </div>
                )}
                {rowMessages[s.shareId] && (
                  <p role="status" class="share-message">
                    {rowMessages[s.shareId]}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {cursor && (
        <button type="button" class="more-shares" onClick={() => more()}>
          Show older links
        </button>
      )}
    </section>
  );
}
