import { randomBytes } from 'node:crypto';

/** 128 random bits, URL safe: unguessable, so ids leak nothing about each other. */
export const newId = (): string => randomBytes(16).toString('base64url');

/** 256 random bits for bearer secrets (share tokens, refresh tokens). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const isId = (value: string): boolean => ID_PATTERN.test(value);
