// mysql_native_password: the client proves it knows the password without sending it.
//   token = SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password)))
// An empty password is sent as an empty token.

import { createHash, timingSafeEqual } from 'node:crypto';

function sha1(...parts: Buffer[]): Buffer {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The token a client sends for `password` given the server's 20-byte scramble. */
export function nativePasswordToken(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha1(Buffer.from(password, 'utf8'));
  const stage2 = sha1(stage1);
  const mask = sha1(scramble, stage2);
  const token = Buffer.allocUnsafe(stage1.length);
  for (let i = 0; i < stage1.length; i++) token[i] = (stage1[i] ?? 0) ^ (mask[i] ?? 0);
  return token;
}

/**
 * What a server stores instead of the password: SHA1(SHA1(password)) in hex, as MySQL's
 * mysql.user table does ('' for an empty password). Enough to verify a login, useless to log in.
 */
export function passwordHash(password: string): string {
  return password === '' ? '' : sha1(sha1(Buffer.from(password, 'utf8'))).toString('hex');
}

/** Whether `token` proves knowledge of the password whose passwordHash() is `hash`. */
export function verifyNativePasswordHash(hash: string, scramble: Buffer, token: Buffer): boolean {
  if (hash === '') return token.length === 0;
  if (token.length !== 20) return false;
  const stage2 = Buffer.from(hash, 'hex');
  const mask = sha1(scramble, stage2);
  const stage1 = Buffer.allocUnsafe(20);
  for (let i = 0; i < 20; i++) stage1[i] = (token[i] ?? 0) ^ (mask[i] ?? 0);
  return timingSafeEqual(sha1(stage1), stage2);
}
