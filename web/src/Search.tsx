import { useCallback, useEffect, useState } from 'preact/hooks';
import { listLibrary, type PhotoFilters } from './library-api.js';
import { PhotoCollection } from './PhotoCollection.js';
import { navigate } from './router.js';

/** The filters a search can have, in the order their chips show, with how each chip reads. */
const FILTERS = [
  { key: 'q', label: 'Words', input: 'search' },
  { key: 'tag', label: 'Tag', input: 'text' },
  { key: 'label', label: 'Label', input: 'text' },
  { key: 'camera', label: 'Camera', input: 'text' },
  { key: 'from', label: 'From', input: 'date' },
  { key: 'to', label: 'To', input: 'date' },
] as const;

type Key = (typeof FILTERS)[number]['key'];

const filtersOf = (query: URLSearchParams): PhotoFilters => {
  const filters: Record<string, string | boolean> = {};
  for (const { key } of FILTERS) {
    const value = query.get(key)?.trim();
    if (value) filters[key] = value;
  }
  if (query.get('favorite') === 'true') filters.favorite = true;
  // Grouped by the day taken, so listed in that order too.
  filters.order = 'taken';
  return filters;
};

const urlOf = (values: Partial<Record<Key, string>>, favorite: boolean) => {
  const query = new URLSearchParams();
  for (const { key } of FILTERS) {
    const value = values[key]?.trim();
    if (value) query.set(key, value);
  }
  if (favorite) query.set('favorite', 'true');
  return `/search?${query.toString()}`;
};

/** Words and filters (tag, label, camera, dates, favourites) as chips, each removable; the URL says them all. */
export function Search({ query, openPhotoId }: { query: URLSearchParams; openPhotoId: string | null }) {
  const filters = filtersOf(query);
  const current = Object.fromEntries(FILTERS.map(({ key }) => [key, query.get(key) ?? ''])) as Record<Key, string>;
  const favorite = query.get('favorite') === 'true';
  const [draft, setDraft] = useState(current);
  const queryText = query.toString();
  useEffect(() => {
    setDraft(current);
  }, [queryText]);
  const fetchPage = useCallback((cursor: string | null) => listLibrary(filters, cursor), [queryText]);
  const active = FILTERS.filter(({ key }) => current[key]);
  const anything = active.length > 0 || favorite;

  return (
    <>
      <h2 class="page-title">Search</h2>
      <form
        class="filters"
        role="search"
        aria-label="Search your photos"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(urlOf(draft, favorite));
        }}
      >
        {FILTERS.map(({ key, label, input }) => (
          <label key={key} class={`filter filter-${key}`}>
            {label}
            <input
              type={input as 'text'}
              name={key}
              value={draft[key]}
              maxLength={input === 'date' ? undefined : key === 'q' ? 200 : 100}
              onInput={(e) => {
                setDraft({ ...draft, [key]: e.currentTarget.value });
              }}
            />
          </label>
        ))}
        <label class="filter filter-favorite">
          <input
            type="checkbox"
            name="favorite"
            checked={favorite}
            onChange={(e) => {
              navigate(urlOf(draft, e.currentTarget.checked));
            }}
          />{' '}
          Favourites only
        </label>
        <button type="submit">Search</button>
      </form>
      {anything && (
        <ul class="chips" aria-label="Active filters">
          {active.map(({ key, label }) => (
            <li key={key} class="chip">
              {label}: {current[key]}
              <button
                type="button"
                aria-label={`Remove ${label.toLowerCase()} ${current[key]}`}
                onClick={() => {
                  navigate(urlOf({ ...current, [key]: '' }, favorite));
                }}
              >
                ×
              </button>
            </li>
          ))}
          {favorite && (
            <li class="chip">
              Favourites
              <button
                type="button"
                aria-label="Remove favourites only"
                onClick={() => {
                  navigate(urlOf(current, false));
                }}
              >
                ×
              </button>
            </li>
          )}
        </ul>
      )}
      {anything ? (
        <PhotoCollection
          listKey={`search:${queryText}`}
          fetchPage={fetchPage}
          label="Search results"
          grouped
          openPhotoId={openPhotoId}
          empty={<p class="hint">Nothing matches. Remove a filter or try other words.</p>}
        />
      ) : (
        <p class="hint">Search by words in titles, tags, labels and cameras, or pick filters above.</p>
      )}
    </>
  );
}
