// Passwords in conf/sync.properties may be stored as TO_BASE64(AES_ENCRYPT(password, key)), as the
// MySQL-compatible SQL function computes it in its default mode (which StarRocks also uses):
// AES-128-ECB with PKCS#7 padding, the key string's UTF-8 bytes folded into 16 bytes by XOR
// (byte i goes to position i mod 16; a shorter key is zero-padded). node:crypto does the AES;
// only the key folding is ours, because no library exposes MySQL's key derivation.
import { createCipheriv, createDecipheriv } from 'node:crypto';

export class PasswordDecryptionError extends Error {}

function foldKey(key: string): Buffer {
  const folded = Buffer.alloc(16);
  const bytes = Buffer.from(key, 'utf8');
  for (let i = 0; i < bytes.length; i++) folded[i % 16]! ^= bytes[i]!;
  return folded;
}

/** TO_BASE64(AES_ENCRYPT(password, key)). */
export function encryptPassword(password: string, key: string): string {
  if (key === '') throw new PasswordDecryptionError('the secret key is empty');
  const cipher = createCipheriv('aes-128-ecb', foldKey(key), null);
  return Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]).toString('base64');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The inverse of encryptPassword. A wrong key almost always breaks the padding; in the rare case it
 * does not, the result is caught by requiring valid UTF-8 without control characters. Messages never
 * contain the key, the encrypted value or any decrypted bytes.
 */
export function decryptPassword(encrypted: string, key: string): string {
  if (key === '') throw new PasswordDecryptionError('the secret key is empty');
  const compact = encrypted.replace(/\s+/g, '');
  if (compact === '' || !BASE64.test(compact)) {
    throw new PasswordDecryptionError('the encrypted password is not base64 text (expected the output of TO_BASE64(AES_ENCRYPT(password, key)))');
  }
  const data = Buffer.from(compact, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new PasswordDecryptionError(
      `the encrypted password decodes to ${data.length} bytes, expected a non-zero multiple of 16 (AES blocks)`,
    );
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-128-ecb', foldKey(key), null);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new PasswordDecryptionError('the password does not decrypt with this secret key (wrong key, or the value was not encrypted with it)');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new PasswordDecryptionError('the password does not decrypt with this secret key (the result is not text)');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    throw new PasswordDecryptionError('the password does not decrypt with this secret key (the result holds control characters)');
  }
  return text;
}
