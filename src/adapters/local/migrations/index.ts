import { initialSchema } from './001-initial-schema.js';
import { refreshTokenFamilies } from './002-refresh-token-families.js';
import { apiKeys } from './003-api-keys.js';
import { sharePagingIndex } from './004-share-paging-index.js';
import { favorites } from './005-favorites.js';
import { photosBySha256 } from './006-photos-by-sha256.js';
import { libraryUsage } from './007-library-usage.js';
import { trashAndDateTaken } from './008-trash-and-date-taken.js';
import { albums } from './009-albums.js';
import { search } from './010-search.js';
import { shareOptions } from './011-share-options.js';
import { totp } from './012-totp.js';
import { passwordResets } from './013-password-resets.js';
import { accountDeletions } from './014-account-deletions.js';
import { provenAddresses } from './015-proven-addresses.js';
import { sealedShareTokens } from './016-sealed-share-tokens.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, oldest first; version n is at index n - 1. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  refreshTokenFamilies,
  apiKeys,
  sharePagingIndex,
  favorites,
  photosBySha256,
  libraryUsage,
  trashAndDateTaken,
  albums,
  search,
  shareOptions,
  totp,
  passwordResets,
  accountDeletions,
  provenAddresses,
  sealedShareTokens,
];
