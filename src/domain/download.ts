/** Photos one bulk download names at most. */
export const MAX_DOWNLOAD_PHOTOS = 500;
/** How long a download's URL works. */
export const DOWNLOAD_TICKET_SECONDS = 300;
/** A ticket is 256 random bits, base64url: 43 characters. */
export const DOWNLOAD_TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Names for a zip's entries, each unique however the photos were named: the second `a.jpg` becomes `a (2).jpg`,
 * compared without case (so a zip unpacks alike on case-insensitive file systems). Names are already cleaned
 * (`cleanFilename`: one path segment, no control characters); `.` and `..` become `photo`.
 */
export class ZipEntryNames {
  private readonly used = new Set<string>();

  next(filename: string): string {
    const base = filename === '.' || filename === '..' || filename === '' ? 'photo' : filename;
    const dot = base.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${stem} (${n})${ext}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

/** The zip's name for a download made on `now`'s UTC day. */
export const zipFilename = (now: Date) => `photoshare-${now.toISOString().slice(0, 10)}.zip`;
