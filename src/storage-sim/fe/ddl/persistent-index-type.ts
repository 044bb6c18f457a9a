// persistent_index_type at CREATE TABLE: where a PRIMARY KEY table's persistent index lives. Only a
// shared-data FE reads the property, and each release accepts its own values (starrocks-release.ts,
// sharedDataPersistentIndexTypes); where nothing reads it, StarRocks' final check of leftover
// properties refuses it as unknown (server/OlapTableFactory.java: "Unknown properties: {...}").
import type { KeysType } from '../catalog/model.js';
import type { FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';

const KEY = 'persistent_index_type';

/** Checks the property and writes it as StarRocks keeps it (upper case); throws what StarRocks answers. */
export function checkPersistentIndexType(ctx: FeContext, keysType: KeysType, properties: Record<string, string>): void {
  const value = properties[KEY];
  if (value === undefined) return;
  // What a shared-data FE does with it on a table of another key type is not modelled.
  if (ctx.runMode === 'shared_data' && keysType !== 'PRIMARY_KEYS') return;
  const accepted = ctx.runMode === 'shared_data' ? ctx.release.sharedDataPersistentIndexTypes : [];
  // Java's Map.toString of what was left over.
  if (accepted.length === 0) throw SimError.ddl(`Unknown properties: {${KEY}=${value}}`);
  const type = accepted.find((t) => t === value.toUpperCase());
  if (!type) throw SimError.ddl(`Invalid persistent index type: ${value}`);
  properties[KEY] = type;
}
