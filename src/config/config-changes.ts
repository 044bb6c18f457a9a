// What changed between two loaded configurations, and whether a running daemon can apply it:
// lists, intervals, batch sizes, switches and the hosts mapping apply at the next round; cluster
// addresses, users, passwords and the run mode need a restart (the daemon keeps its connections).
import { SCHEMA_KEYS, specOf, type SchemaKey } from './schema.js';
import type { SyncConfig } from './load-config.js';
import type { HostsMapping } from './hosts-mapping.js';

export interface ConfigChanges {
  /** Keys whose new values take effect at the next round. */
  live: SchemaKey[];
  /** Keys whose new values are ignored until the daemon restarts. */
  needRestart: SchemaKey[];
  hostsChanged: boolean;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function hostsKey(mapping: HostsMapping): string {
  const side = (rules: HostsMapping['source']) => [...rules].map(([host, rule]) => [host, rule.mappedHost, [...rule.ports]]).sort();
  return JSON.stringify([side(mapping.source), side(mapping.target)]);
}

export function configChanges(running: SyncConfig, edited: SyncConfig): ConfigChanges {
  const live: SchemaKey[] = [];
  const needRestart: SchemaKey[] = [];
  for (const key of SCHEMA_KEYS) {
    if (sameValue(running.settings[key], edited.settings[key])) continue;
    (specOf(key).reload === 'restart' ? needRestart : live).push(key);
  }
  return { live, needRestart, hostsChanged: hostsKey(running.hosts) !== hostsKey(edited.hosts) };
}

/**
 * The configuration to run with after an edit: live keys and the hosts mapping from the edited
 * files, restart-only keys (and the credentials) as they were.
 */
export function applyLiveChanges(running: SyncConfig, edited: SyncConfig): SyncConfig {
  const settings = { ...running.settings } as Record<SchemaKey, unknown>;
  for (const key of configChanges(running, edited).live) settings[key] = edited.settings[key];
  const typed = settings as SyncConfig['settings'];
  return Object.freeze({
    ...running,
    settings: Object.freeze(typed),
    dataRules: Object.freeze({ include: typed.include_data_list, exclude: typed.exclude_data_list }),
    hosts: edited.hosts,
  });
}
