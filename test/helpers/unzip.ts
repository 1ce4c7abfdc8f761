import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface UnzippedEntry {
  name: string;
  /** `Stored` or `Defl:N`, as `unzip -v` names the method. */
  method: string;
  bytes: Buffer;
}

/**
 * A zip's entries as Info-ZIP's `unzip` reads them (a real unzip, not ours): `unzip -Z1` for the names, `unzip -v`
 * for each one's method, `unzip -p` for its bytes. `unzip -t` must find the archive sound.
 */
export function unzip(zip: Buffer): UnzippedEntry[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unzip-test-'));
  try {
    const file = path.join(dir, 'download.zip');
    fs.writeFileSync(file, zip);
    execFileSync('unzip', ['-tqq', file]);
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const verbose = execFileSync('unzip', ['-v', file], { encoding: 'utf8' }).split('\n');
    return names.map((name) => {
      const line = verbose.find((l) => l.endsWith(`  ${name}`));
      // unzip -p takes wildcards: escape them so that `a (2).jpg` and `[x].jpg` name themselves.
      const pattern = name.replace(/[[\]*?\\]/g, (c) => `\\${c}`);
      return {
        name,
        method: line?.trim().split(/\s+/)[1] ?? '?',
        bytes: execFileSync('unzip', ['-p', file, pattern], { maxBuffer: 256 * 1024 * 1024 }),
      };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
