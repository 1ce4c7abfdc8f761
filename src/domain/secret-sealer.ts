import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a server key kept apart from the records (a key file beside the database, or a secret the
 * deployment provides): a copy of the records alone gives none of the sealed secrets away. Used for TOTP secrets
 * (which must be read back to check codes) and share-link tokens (so their owner can copy a link again).
 */
export class SecretSealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a sealing key is 32 bytes');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
  }

  /** A keyed hash: what a copy of the database holds of a recovery code cannot be searched for without the key. */
  mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('hex');
  }

  /** Throws when the text was not sealed under this key (altered, or sealed under another). */
  open(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !body) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
