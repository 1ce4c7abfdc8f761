/**
 * `Content-Disposition: attachment` for a file name from a user: an ASCII `filename` with anything else (and `"`,
 * `\`, `%`) replaced by `_`, and the exact name as RFC 5987's `filename*` when it differs.
 */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  if (ascii === filename) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
