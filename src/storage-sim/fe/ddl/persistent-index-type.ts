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

/**
 * enable_persistent_index = true on a shared-data FE with no persistent index for such tables (3.1:
 * sharedDataPersistentIndexTypes is empty) is refused, as PR #25170 (2023-06, in 3.1.0) made
 * server/OlapTableFactory.java do; 3.2 brought the index to shared data (PR #25925).
 */
export function checkSharedDataPersistentIndex(ctx: FeContext, properties: Record<string, string>): void {
  if (ctx.runMode !== 'shared_data' || ctx.release.sharedDataPersistentIndexTypes.length > 0) return;
  // PropertyAnalyzer.analyzeBooleanProp: Boolean.parseBoolean, so "TRUE" counts and anything else is false.
  if (properties.enable_persistent_index?.toLowerCase() === 'true') throw SimError.ddl('Cannot create cloud native table with persistent index yet');
}
