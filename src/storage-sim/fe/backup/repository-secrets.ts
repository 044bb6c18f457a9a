// Repository secret keys at rest: the catalogue (edit log and image) keeps them sealed with
// AES-256-GCM under a key derived from the cluster's token, so a secret never appears in a file an
// operator might grep, copy or attach to a report. The token stays in the meta directory's VERSION
// file, as before; whoever can read both can unseal, as the FE itself must.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SECRET_PROPERTIES } from './repository-properties.js';

const PREFIX = 'sealed:v1:';

export class SecretSeal {
  private readonly key: Buffer;

  constructor(clusterToken: string) {
    this.key = Buffer.from(hkdfSync('sha256', clusterToken, 'repository-secrets', 'aes-256-gcm', 32));
  }

  seal(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  unseal(value: string): string {
    if (!value.startsWith(PREFIX)) return value;
    const bytes = Buffer.from(value.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The properties with every secret value sealed (what the catalogue stores). */
  sealProperties(properties: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, SECRET_PROPERTIES.has(k.toLowerCase()) ? this.seal(v) : v]));
  }

  unsealProperties(properties: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, SECRET_PROPERTIES.has(k.toLowerCase()) ? this.unseal(v) : v]));
  }
}
