import { initialSchema } from './001-initial-schema.js';
import { refreshTokenFamilies } from './002-refresh-token-families.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, oldest first; version n is at index n - 1. Append only. */
export const MIGRATIONS: readonly Migration[] = [initialSchema, refreshTokenFamilies];
