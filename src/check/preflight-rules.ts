// The preparation seed 003 asks of a migration, as pure checks over facts read from both
// clusters: each check is PASS or FAIL with what was found and what to do about it. A shared-data
// target is checked for what it has instead of BE disks (shared-data-rules.ts).
import { evaluateSharedData, type ComputeNodeFacts, type StorageVolumeFacts } from './shared-data-rules.js';

/** What a cluster's release lacks that the sync works around (capabilityLimitations), when it could be read. */
export interface ReleaseFacts {
  /** "StarRocks 3.2.3 (3.2.3-2a1b3c4)". */
  release: string;
  limitations: string[];
}

export interface PreflightFacts {
  source: { reachable: boolean; error?: string; version?: string; release?: ReleaseFacts };
  target: {
    reachable: boolean;
    error?: string;
    version?: string;
    release?: ReleaseFacts;
    legacyCompatibility?: string;
    runMode?: string;
    lakeCompactionMaxTasks?: string;
    filterUnusedColumns?: string;
    backends?: { id: number; host: string; usedPercent: number; alive: boolean }[];
    /** Shared-data targets: SHOW COMPUTE NODES. */
    computeNodes?: ComputeNodeFacts[];
    /** Shared-data targets: the volume the tables will be created in. */
    storageVolume?: StorageVolumeFacts;
  };
  sourceToken: boolean;
  maxDiskUsedPercent: number;
  /** target_cluster_replication_num; -1 (the source's) when absent. */
  replicationNum?: number;
  /** Source BEs as mapped through hosts.properties, and whether this machine could connect to them. */
  sourceBackends?: { id: number; address: string; reachable: boolean; error?: string }[];
  /** transfer_mode=s3: whether each cluster could list the repository's snapshots. */
  repository?: { name: string; source: RepositoryAccess; target: RepositoryAccess };
}

export type RepositoryAccess = { ok: true; snapshots: number } | { ok: false; error: string };

export interface CheckResult {
  name: string;
  pass: boolean;
  detail: string;
}

/** "3.2.3-abc" -> [3, 2, 3]. */
export function versionParts(version: string): number[] {
  return (/(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1) ?? []).map(Number);
}

/** Targets must be v3.1.8+ in the 3.1 line, or v3.2.3+ (seed 003). */
export function targetVersionSupported(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = versionParts(version);
  if (major !== 3) return major > 3;
  if (minor === 1) return patch >= 8;
  if (minor === 2) return patch >= 3;
  return minor > 2;
}

export function evaluatePreflight(facts: PreflightFacts): CheckResult[] {
  const results: CheckResult[] = [];
  const check = (name: string, pass: boolean, detail: string) => results.push({ name, pass, detail });
  check('source reachable and logged in', facts.source.reachable, facts.source.reachable ? `StarRocks ${facts.source.version ?? '?'}` : (facts.source.error ?? 'unreachable'));
  check('target reachable and logged in', facts.target.reachable, facts.target.reachable ? `StarRocks ${facts.target.version ?? '?'}` : (facts.target.error ?? 'unreachable'));
  for (const side of ['source', 'target'] as const) {
    const release = facts[side].release;
    // Not a failure: what the release lacks, and how the sync works around it, for the operator to know.
    if (release) check(`${side} release`, true, release.limitations.length === 0 ? `${release.release}: nothing the sync needs is missing` : `${release.release}: ${release.limitations.join('; ')}`);
  }
  check('source_cluster_token set', facts.sourceToken, facts.sourceToken ? 'set' : 'empty: copy it from fe/meta/image/VERSION on a source FE (grep token)');
  if (!facts.target.reachable) return results;
  const t = facts.target;
  check('target version', targetVersionSupported(t.version ?? ''), `${t.version ?? 'unknown'} (needs v3.1.8+ or v3.2.3+)`);
  // BE-to-BE replication only: with transfer_mode=s3 the target restores from the repository.
  if (!facts.repository) {
    check(
      'enable_legacy_compatibility_for_replication',
      (t.legacyCompatibility ?? '').toLowerCase() === 'true',
      (t.legacyCompatibility ?? '').toLowerCase() === 'true'
        ? 'true'
        : `${t.legacyCompatibility ?? 'missing'}: run ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true") on the target and add it to fe.conf`,
    );
  }
  const sharedData = (t.runMode ?? '').toLowerCase() === 'shared_data';
  check(
    'enable_filter_unused_columns_in_scan_stage',
    (t.filterUnusedColumns ?? '').toLowerCase() === 'false',
    (t.filterUnusedColumns ?? '').toLowerCase() === 'false' ? 'false' : `${t.filterUnusedColumns ?? 'missing'}: run SET GLOBAL enable_filter_unused_columns_in_scan_stage=false on the target`,
  );
  if (sharedData) {
    evaluateSharedData(
      {
        ...(t.version !== undefined ? { version: t.version } : {}),
        ...(t.lakeCompactionMaxTasks !== undefined ? { lakeCompactionMaxTasks: t.lakeCompactionMaxTasks } : {}),
        ...(t.computeNodes ? { computeNodes: t.computeNodes } : {}),
        ...(t.storageVolume ? { storageVolume: t.storageVolume } : {}),
        maxDiskUsedPercent: facts.maxDiskUsedPercent,
        replicationNum: facts.replicationNum ?? -1,
      },
      check,
    );
  }
  const full = (t.backends ?? []).filter((b) => b.usedPercent > facts.maxDiskUsedPercent);
  const dead = (t.backends ?? []).filter((b) => !b.alive);
  if (!sharedData) check(
    'target BE disk use',
    full.length === 0,
    full.length === 0 ? `every BE at or below ${facts.maxDiskUsedPercent}%` : full.map((b) => `BE ${b.id} (${b.host}) ${b.usedPercent.toFixed(1)}%`).join(', ') + ` above target_cluster_max_disk_used_percent=${facts.maxDiskUsedPercent}`,
  );
  if (!sharedData) check('target BEs alive', dead.length === 0 && (t.backends ?? []).length > 0, dead.length === 0 ? `${(t.backends ?? []).length} alive` : `not alive: ${dead.map((b) => `${b.id} (${b.host})`).join(', ')}`);
  if (facts.repository) {
    for (const side of ['source', 'target'] as const) {
      const access = facts.repository[side];
      check(
        `${side} reaches repository ${facts.repository.name}`,
        access.ok,
        access.ok
          ? `${access.snapshots} snapshot(s) listed`
          : `${access.error} (create it on the ${side}: CREATE ${side === 'target' ? 'READ ONLY ' : ''}REPOSITORY ${facts.repository.name} WITH BROKER ON LOCATION "s3a://bucket/path" PROPERTIES (...), the same location on both clusters)`,
      );
    }
  }
  if (facts.sourceBackends) {
    const unreachable = facts.sourceBackends.filter((b) => !b.reachable);
    check(
      'source BEs reachable (from this machine, after hosts.properties)',
      unreachable.length === 0,
      unreachable.length === 0
        ? facts.sourceBackends.map((b) => b.address).join(', ')
        : unreachable.map((b) => `BE ${b.id} at ${b.address}: ${b.error ?? 'unreachable'}`).join('; ') + ' (map private addresses in conf/hosts.properties)',
    );
  }
  return results;
}

export function formatCheckTable(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results.map((r) => `${r.pass ? 'PASS' : 'FAIL'}  ${r.name.padEnd(width)}  ${r.detail}`).join('\n');
}
