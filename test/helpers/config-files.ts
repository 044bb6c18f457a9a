// Writes a conf/sync.properties for a test: the shipped file with some keys replaced or appended.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SHIPPED = new URL('../../conf/sync.properties', import.meta.url);

export function shippedProperties(): string {
  return readFileSync(SHIPPED, 'utf8');
}

/** The shipped file with `key=value` lines replaced (or appended when the key is not there). */
export function propertiesWith(overrides: Record<string, string>, base = shippedProperties()): string {
  let text = base;
  for (const [key, value] of Object.entries(overrides)) {
    const line = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, () => `${key}=${value}`) : `${text}${key}=${value}\n`;
  }
  return text;
}

export function writeConf(dir: string, overrides: Record<string, string>, name = 'sync.properties'): string {
  const path = join(dir, name);
  writeFileSync(path, propertiesWith(overrides));
  return path;
}

/** The two FE hosts every valid config needs. */
export const MINIMAL_CLUSTERS = { source_fe_host: '127.0.0.1', target_fe_host: '127.0.0.2' };
