import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** Runs `work` over `items` with at most `concurrency` at a time; each call is told its lane (0 … concurrency - 1). */
export async function pool<T>(items: T[], concurrency: number, work: (item: T, lane: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async (_, lane) => {
    while (next < items.length) await work(items[next++]!, lane);
  });
  await Promise.all(lanes);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds of `rounds` runs of `fn` (after one warm-up), and their median. */
export async function timed(rounds: number, fn: () => Promise<unknown>): Promise<{ median: number; all: number[] }> {
  await fn();
  const all: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await fn();
    all.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(all), all };
}

/** Splits a list into `parts` nearly equal slices, round robin. */
export function split<T>(items: T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => out[i % parts]!.push(item));
  return out.filter((s) => s.length > 0);
}
