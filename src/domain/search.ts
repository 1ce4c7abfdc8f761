import { badRequest } from './errors.js';

/** At most this many words in `q`, each at most this long: a query stays a few index lookups. */
export const MAX_SEARCH_WORDS = 10;
export const MAX_SEARCH_WORD = 50;

/** The lower-case words of a search, split on anything that is not a letter or a digit (as the index splits text). */
export function searchWords(q: string): string[] {
  const words = [...new Set(q.toLowerCase().split(/[^\p{L}\p{N}]+/u))].filter((word) => word.length > 0);
  if (words.length > MAX_SEARCH_WORDS) throw badRequest(`q may have at most ${MAX_SEARCH_WORDS} words`);
  return words.map((word) => word.slice(0, MAX_SEARCH_WORD));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `from` or `to` bound as the instant it stands for, in `takenSort` form: a date alone is its whole day in UTC
 * (`from` its start, `to` the start of the next day, so `to` includes the day it names); a date-time is itself.
 */
export function dateBound(value: string, side: 'from' | 'to'): string {
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) throw badRequest(`${side} must be a date (2024-07-31) or a date-time (2024-07-31T18:00:00Z)`);
  return new Date(DATE_ONLY.test(value) && side === 'to' ? ms + 86_400_000 : ms).toISOString();
}
