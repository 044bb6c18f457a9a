// PROPERTIES of BACKUP ("type", "timeout") and RESTORE ("backup_timestamp", "replication_num",
// "timeout", "allow_load", "meta_version"), checked as StarRocks' analyzer checks them: a wrong
// or unknown key fails the statement with its name and what was expected.
import { SimError } from '../sim-error.js';

const DEFAULT_TIMEOUT_SECONDS = 86_400;

function positiveInteger(text: string, message: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw SimError.common(message);
  return Number(text);
}

function timeoutMs(properties: Map<string, string>): number {
  const text = properties.get('timeout');
  properties.delete('timeout');
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  return positiveInteger(text, `Invalid timeout format: ${text} (expected a positive number of seconds)`) * 1000;
}

function lowerCased(properties: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
}

function refuseUnknown(properties: Map<string, string>, job: 'backup' | 'restore'): void {
  if (properties.size > 0) throw SimError.common(`Unknown ${job} job properties: [${[...properties.keys()].join(', ')}]`);
}

export interface BackupProperties {
  timeoutMs: number;
}

export function backupProperties(given: Record<string, string>): BackupProperties {
  const properties = lowerCased(given);
  const type = properties.get('type');
  properties.delete('type');
  if (type !== undefined && type.trim().toUpperCase() !== 'FULL') {
    throw SimError.common(type.trim().toUpperCase() === 'INCREMENTAL' ? 'Currently does not support incremental backup' : `Invalid backup job type: ${type} (expected full)`);
  }
  const result = { timeoutMs: timeoutMs(properties) };
  refuseUnknown(properties, 'backup');
  return result;
}

export interface RestoreProperties {
  backupTimestamp: string;
  /** Undefined: the FE's default_replication_num. */
  replicationNum?: number;
  timeoutMs: number;
}

export function restoreProperties(given: Record<string, string>): RestoreProperties {
  const properties = lowerCased(given);
  const backupTimestamp = properties.get('backup_timestamp');
  properties.delete('backup_timestamp');
  const replication = properties.get('replication_num');
  properties.delete('replication_num');
  const allowLoad = properties.get('allow_load');
  properties.delete('allow_load');
  if (allowLoad !== undefined && !/^(true|false)$/i.test(allowLoad)) throw SimError.common(`Invalid boolean property allow_load value: ${allowLoad} (expected true or false)`);
  // Loads into a table being restored are always refused here: the restore replaces its data at commit.
  if (allowLoad?.toLowerCase() === 'true') throw SimError.common('allow_load = true is not supported: a table being restored accepts no loads until the job finishes');
  // Kept for compatibility with snapshots of older versions; the documents here carry their own format.
  for (const key of ['meta_version', 'starrocks_meta_version']) {
    const text = properties.get(key);
    if (text !== undefined && !/^-?\d+$/.test(text)) throw SimError.common(`Invalid meta version format: ${text}`);
    properties.delete(key);
  }
  const timeout = timeoutMs(properties);
  refuseUnknown(properties, 'restore');
  if (backupTimestamp === undefined) throw SimError.common('Missing backup_timestamp property (the Timestamp SHOW SNAPSHOT ON <repository> shows for the snapshot)');
  return {
    backupTimestamp,
    ...(replication !== undefined ? { replicationNum: positiveInteger(replication, `Invalid replication num format: ${replication} (expected a positive integer)`) } : {}),
    timeoutMs: timeout,
  };
}
