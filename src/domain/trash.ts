/** Days a photo stays in the trash before the worker purges it (TRASH_DAYS). */
export const DEFAULT_TRASH_DAYS = 30;

/** When a photo trashed at `trashedAt` is purged. */
export function purgeAt(trashedAt: string, trashDays: number): string {
  return new Date(Date.parse(trashedAt) + trashDays * 86_400_000).toISOString();
}
