/**
 * Token secrets: 32 random bytes, shown once (in the link made when the token is created) and
 * stored only as a SHA-256 hash. A slow password hash would add nothing: these are not chosen
 * by people, so there is no dictionary to slow down.
 */
import { createHash, randomBytes } from 'node:crypto';

/** `wr_` says what it is when it turns up in a log or a paste. */
export const newSecret = (): string => `wr_${randomBytes(32).toString('base64url')}`;

export const newTokenId = (): string => `tk_${randomBytes(6).toString('hex')}`;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
