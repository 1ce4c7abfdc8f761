import { createHash, randomBytes } from 'node:crypto';

/** 128 random bits, URL safe: unguessable, so ids leak nothing about each other. */
export const newId = (): string => randomBytes(16).toString('base64url');

/** 256 random bits for bearer secrets (share tokens, refresh tokens, API keys). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** How a bearer secret is stored: its SHA-256, hex. 256 random bits cannot be guessed back, and a slow hash would only slow every request. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const isId = (value: string): boolean => ID_PATTERN.test(value);
