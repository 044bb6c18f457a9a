// What one cluster's FE can answer, learned once when the daemon first talks to it: real StarRocks
// releases differ in exactly the statements the daemon reads (starrocks-versions.md). What can be
// probed is probed (does information_schema.partitions_meta exist, with which columns, is its
// DATA_SIZE text or a number, is there SHOW PROC '/replications', does be_tablets carry
// SCHEMA_HASH); what cannot be seen without side effects is decided by the version the FE reports
// (how the target FE pairs its replicas with the source replicas of a request). Readers consult
// this record, never a version string of their own.
//
// Pure: the decisions from what the probes saw (capabilitiesFrom) and the words for them
// (describeCapabilities). The probes themselves are in capability-probes.ts.

/** A StarRocks release as the FE prints it: "3.2.3-2a1b3c4", "3.2.3 2a1b3c4", "StarRocks version 3.0.1". */
export interface StarRocksVersion {
  major: number;
  minor: number;
  patch: number;
}

/** The release in a version text, or undefined when it names none (a development build). */
export function parseStarRocksVersion(text: string): StarRocksVersion | undefined {
  const match = /(?:^|[^\d.])(\d+)\.(\d+)(?:\.(\d+))?/.exec(` ${text}`);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

export function versionAtLeast(version: StarRocksVersion | undefined, major: number, minor: number, patch = 0): boolean {
  if (!version) return false;
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

export function formatVersion(version: StarRocksVersion | undefined): string {
  return version ? `${version.major}.${version.minor}.${version.patch}` : 'an unknown release';
}

/** mysql2's type codes of numeric columns (8: LONGLONG, BIGINT); DATA_SIZE is VARCHAR (253) before 4.0. */
const NUMERIC_TYPES = new Set([0, 1, 2, 3, 4, 5, 8, 9, 246]);

/** What the probes saw; absent: the FE answered that it has no such thing. */
export interface CapabilityProbes {
  /** @@version_comment. */
  versionText: string;
  /** Columns of information_schema.partitions_meta with their type codes, or 'absent'. */
  partitionsMeta: { name: string; columnType: number }[] | 'absent';
  /** Whether SHOW PROC '/replications' answered. */
  replicationsProc: boolean;
  /** Columns of information_schema.be_tablets, or 'absent'. */
  beTablets: string[] | 'absent';
  /** ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'; absent (releases before 3.0 have no such item): shared-nothing. */
  runMode?: string | 'absent';
}

/**
 * Where the cluster keeps its tables: on its BEs' disks, or (shared_data, StarRocks 3.0 and later)
 * in an object store behind storage volumes, served by compute nodes (SHOW COMPUTE NODES).
 */
export type RunMode = 'shared_nothing' | 'shared_data';

/**
 * How the target FE gives the source replicas of a request to its own replicas:
 * - by-position: target replica i copies from the i-th source replica listed, and the request is
 *   refused when fewer are listed than the target tablet has replicas (before StarRocks 3.3,
 *   ReplicationJob.initTabletInfo; PR #42772 changed it);
 * - spread: the list is shared out among the target replicas, each trying its share in turn.
 */
export type ReplicaChoice = 'by-position' | 'spread';

export interface ClusterCapabilities {
  /** As the FE reports it (@@version_comment). */
  versionText: string;
  version: StarRocksVersion | undefined;
  /** information_schema.partitions_meta, when the FE has it (3.1.9 / 3.2.4 and later). */
  partitionsMeta?: {
    /** Column names, upper case. */
    columns: ReadonlySet<string>;
    /** DATA_SIZE is ByteSizeValue text ("237.9MB") before 4.0, bytes after. */
    dataSizeAsText: boolean;
  };
  /** Version epochs and who wrote each version (partitions_meta VERSION_EPOCH, VERSION_TXN_TYPE). */
  versionEpochs: boolean;
  /** SHOW PROC '/replications' (PR #50483; 3.3.4 and the autumn-2024 patches of 3.1 / 3.2). */
  replicationsProc: boolean;
  /** information_schema.be_tablets with SCHEMA_HASH: the only place the real schema hash is printed. */
  beTablets: boolean;
  /** tables_config.DISTRIBUTE_TYPE prints RANDOM (3.3 and later); older FEs print HASH for every table. */
  distributeTypeNamesRandom: boolean;
  replicaChoice: ReplicaChoice;
  runMode: RunMode;
  /**
   * A shared-data table may keep its primary key index on the compute node's disk
   * (persistent_index_type = LOCAL, StarRocks 3.2 and later: PR #25925; 3.1 has no persistent index
   * on shared data and no such property) ...
   */
  localPersistentIndex: boolean;
  /**
   * ... or in the object store (persistent_index_type = CLOUD_NATIVE, StarRocks 3.3 and later:
   * PR #43517; PropertyAnalyzer.analyzePersistentIndexType).
   */
  cloudNativePersistentIndex: boolean;
  /**
   * A shared-data cluster whose lake compactions publish versions that count as data (before
   * 3.3.10, and 3.4.0): replicating into it needs lake_compaction_max_tasks = 0 (seed 003).
   */
  compactionCountsAsData: boolean;
}

/**
 * Before StarRocks 3.3.10 a replication into a shared-data table compared the source's version
 * with the target's visible version, which compaction also raises, so compaction had to be off
 * (seed 003). From 3.3.10 the target's data version is compared, which compaction leaves alone
 * (PR #54787, docs/en/administration/data_migration_tool.md: "skip this step from v3.3.10"). The
 * 3.4 line is taken to have it from 3.4.1: whether 3.4.0 carries the change was not pinned down,
 * and asking for compaction off where it is not needed costs only a setting.
 */
export function compactionOffNeeded(version: StarRocksVersion | undefined): boolean {
  if (!versionAtLeast(version, 3, 3, 10)) return true;
  return version!.major === 3 && version!.minor === 4 && version!.patch === 0;
}

function runModeOf(value: string | undefined): RunMode {
  return value !== undefined && value.toLowerCase() === 'shared_data' ? 'shared_data' : 'shared_nothing';
}

export function capabilitiesFrom(probes: CapabilityProbes): ClusterCapabilities {
  const version = parseStarRocksVersion(probes.versionText);
  const meta = probes.partitionsMeta === 'absent' ? undefined : probes.partitionsMeta;
  const columns = new Set((meta ?? []).map((c) => c.name.toUpperCase()));
  const dataSize = meta?.find((c) => c.name.toUpperCase() === 'DATA_SIZE');
  return {
    versionText: probes.versionText,
    version,
    ...(meta
      ? { partitionsMeta: { columns, dataSizeAsText: dataSize !== undefined && !NUMERIC_TYPES.has(dataSize.columnType) } }
      : {}),
    versionEpochs: columns.has('VERSION_EPOCH') && columns.has('VERSION_TXN_TYPE'),
    replicationsProc: probes.replicationsProc,
    beTablets: probes.beTablets !== 'absent' && probes.beTablets.some((name) => name.toUpperCase() === 'SCHEMA_HASH'),
    distributeTypeNamesRandom: versionAtLeast(version, 3, 3),
    // An unknown release is taken for the old pairing: a request built for it (every target
    // replica given a healthy source of its own) is right for the new one too.
    replicaChoice: versionAtLeast(version, 3, 3) ? 'spread' : 'by-position',
    runMode: runModeOf(probes.runMode),
    localPersistentIndex: runModeOf(probes.runMode) === 'shared_data' && versionAtLeast(version, 3, 2),
    cloudNativePersistentIndex: runModeOf(probes.runMode) === 'shared_data' && versionAtLeast(version, 3, 3),
    compactionCountsAsData: runModeOf(probes.runMode) === 'shared_data' && compactionOffNeeded(version),
  };
}

/** What this cluster's release means for the sync, one phrase each; empty for the newest releases. */
export function capabilityLimitations(caps: ClusterCapabilities): string[] {
  const limits: string[] = [];
  if (!caps.partitionsMeta) limits.push('no information_schema.partitions_meta: partitions are read with SHOW PARTITIONS, one statement per table');
  else if (caps.partitionsMeta.dataSizeAsText) limits.push('partitions_meta.DATA_SIZE is text (e.g. 237.9MB): sizes are parsed from it');
  if (!caps.versionEpochs) limits.push('no version epochs: a source partition replaced under the same name (INSERT OVERWRITE) is recognised by its id');
  if (!caps.replicationsProc) limits.push("no SHOW PROC '/replications': replication jobs are followed through their transactions and the partition versions");
  if (!caps.beTablets) limits.push('no information_schema.be_tablets with SCHEMA_HASH, the only place the schema hash a replication needs is printed: tables wait');
  if (!caps.distributeTypeNamesRandom) limits.push('tables_config prints DISTRIBUTE_TYPE HASH for RANDOM tables: a table without distribution columns is taken as RANDOM');
  if (caps.replicaChoice === 'by-position') limits.push('replication pairs target replica i with source replica i: each target replica is given a healthy source replica of its own');
  return limits;
}

/** One line for the log: the release and what it lacks. */
export function describeCapabilities(caps: ClusterCapabilities): string {
  const limits = capabilityLimitations(caps);
  const mode = caps.runMode === 'shared_data' ? ', shared-data (compute nodes, tables in storage volumes)' : '';
  const release = `StarRocks ${formatVersion(caps.version)} (${caps.versionText || 'no version reported'})${mode}`;
  return limits.length === 0 ? `${release}; every capability the sync uses is present` : `${release}; ${limits.join('; ')}`;
}

/** Whether two learnings describe the same release (a rolling upgrade changes it). */
export function sameRelease(a: ClusterCapabilities, b: ClusterCapabilities): boolean {
  return a.versionText === b.versionText;
}
