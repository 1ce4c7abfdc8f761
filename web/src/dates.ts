/** The day a photo belongs to: the date its camera wrote (its own local day), else the day it was uploaded here. */
export function dayOf(photo: { takenAt: string | null; createdAt: string }): string {
  if (photo.takenAt && /^\d{4}-\d{2}-\d{2}/.test(photo.takenAt)) return photo.takenAt.slice(0, 10);
  const uploaded = new Date(photo.createdAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${uploaded.getFullYear()}-${pad(uploaded.getMonth() + 1)}-${pad(uploaded.getDate())}`;
}

const asDate = (day: string) => new Date(`${day}T12:00:00`);

export const monthTitle = (day: string) => asDate(day).toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
export const dayTitle = (day: string) =>
  asDate(day).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

export interface Group<T> {
  day: string;
  items: T[];
}

/** Consecutive photos of one day together, in the listing's order. */
export function groupByDay<T extends { takenAt: string | null; createdAt: string }>(items: T[]): Group<T>[] {
  const groups: Group<T>[] = [];
  for (const item of items) {
    const day = dayOf(item);
    const last = groups.at(-1);
    if (last?.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}

/** The last day of a month given as YYYY-MM. */
export function monthEnd(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}
