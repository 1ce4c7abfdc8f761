import { useCallback, useState } from 'preact/hooks';
import { monthEnd } from './dates.js';
import { listLibrary } from './library-api.js';
import { PhotoCollection } from './PhotoCollection.js';
import { navigate } from './router.js';
import { Uploader } from './Uploader.js';

/** Every photo, newest taken first, by month and day; `?to=YYYY-MM` starts at that month. */
export function Timeline({ openPhotoId, query }: { openPhotoId: string | null; query: URLSearchParams }) {
  const month = /^\d{4}-\d{2}$/.test(query.get('to') ?? '') ? query.get('to')! : null;
  const [jump, setJump] = useState(month ?? '');
  const fetchPage = useCallback(
    (cursor: string | null) => listLibrary({ order: 'taken', ...(month && { to: monthEnd(month) }) }, cursor),
    [month],
  );
  return (
    <PhotoCollection
      listKey={`timeline:${month ?? ''}`}
      fetchPage={fetchPage}
      label="Your photos"
      grouped
      openPhotoId={openPhotoId}
      empty={
        month ? (
          <p class="hint">No photos taken before then.</p>
        ) : (
          <p class="hint">No photos yet. Drop some anywhere on this page.</p>
        )
      }
      before={(add) => (
        <>
          <Uploader onUploaded={add} />
          <form
            class="jump"
            role="search"
            aria-label="Jump to a month"
            onSubmit={(e) => {
              e.preventDefault();
              navigate(jump ? `/?to=${jump}` : '/');
            }}
          >
            <label>
              Jump to month
              <input
                type="month"
                name="month"
                value={jump}
                onInput={(e) => {
                  setJump(e.currentTarget.value);
                }}
              />
            </label>
            <button type="submit">Go</button>
            {month && (
              <a
                href="/"
                onClick={(e) => {
                  e.preventDefault();
                  setJump('');
                  navigate('/');
                }}
              >
                Back to the newest
              </a>
            )}
          </form>
        </>
      )}
    />
  );
}
