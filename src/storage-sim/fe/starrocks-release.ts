// The StarRocks releases the engine can answer as, and every place where they answer differently:
// one table, a row per fact, a column per release. Code that answers differently reads the
// cluster's record (ctx.release); nothing else in the engine compares version strings.
// Paths are under fe/fe-core/src/main/java/com/starrocks/ in StarRocks' repository unless noted.

/** The releases a reference cluster can play; the newest is the default. */
export const PROFILES = ['3.1.8', '3.2.3', '3.3', '3.5', '4.0'] as const;
export type Profile = (typeof PROFILES)[number];
export const DEFAULT_PROFILE: Profile = '4.0';

type Row<T> = Readonly<Record<Profile, T>>;

/** Columns be_tablets has after SCHEMA_HASH, by release. */
type BeTabletsExtraColumn = 'INDEX_DISK' | 'MEDIUM_TYPE' | 'NUM_SEGMENT';

/** persistent_index_type values (thrift TPersistentIndexType). */
export type PersistentIndexType = 'LOCAL' | 'CLOUD_NATIVE';

const FACTS = {
  /** The full version each profile reports (Version.STARROCKS_VERSION). */
  version: { '3.1.8': '3.1.8', '3.2.3': '3.2.3', '3.3': '3.3.9', '3.5': '3.5.2', '4.0': '4.0.1' } as Row<string>,
  /** The build's commit hash (Version.STARROCKS_COMMIT_HASH): made up, but fixed per profile. */
  commitHash: { '3.1.8': '7c7f4c9', '3.2.3': '2a1b3c4', '3.3': '5e8d1f0', '3.5': '9b6a2d7', '4.0': 'c3f05e1' } as Row<string>,

  // SHOW PROC '/replications': common/proc/ReplicationsProcNode.java, PR #50483 (2024-08, in
  // 3.3.4; backported to 3.1 and 3.2 after 3.1.8 and 3.2.3 shipped). Without it the path is
  // unknown like any other, and SHOW PROC '/' does not list it.
  replicationsProc: { '3.1.8': false, '3.2.3': false, '3.3': true, '3.5': true, '4.0': true } as Row<boolean>,

  // information_schema.partitions_meta: PR #39265, first shipped in 3.1.9 and 3.2.4.
  partitionsMeta: { '3.1.8': false, '3.2.3': false, '3.3': true, '3.5': true, '4.0': true } as Row<boolean>,

  // partitions_meta DATA_VERSION, VERSION_EPOCH, VERSION_TXN_TYPE (right after NEXT_VERSION):
  // PR #46507, catalog/system/information/PartitionsMetaSystemTable.java; in 3.3.9.
  partitionsMetaVersionColumns: { '3.1.8': false, '3.2.3': false, '3.3': true, '3.5': true, '4.0': true } as Row<boolean>,

  // Lake compaction on a shared-data cluster is a transaction that publishes a new visible version.
  // PR #54787 (2025-01-07, in 3.3.10 and 3.4.1) made it leave the partition's data version alone
  // (transaction/LakeTableTxnLogApplier.java skips setDataVersion, the epoch and the txn type for
  // LAKE_COMPACTION) and made replication align on the data version: the request's src_version is
  // compared with it, and the commit gives version = committed + (src_version - data version),
  // data version = src_version (transaction/DatabaseTransactionMgr.java). Before it the data
  // version followed every publish, so a compaction put the target's version past the source's:
  // why the migration guide asks for compaction off before 3.3.10 (seed 003).
  lakeCompactionKeepsDataVersion: { '3.1.8': false, '3.2.3': false, '3.3': false, '3.5': true, '4.0': true } as Row<boolean>,

  // partitions_meta DATA_SIZE: VARCHAR text of monitor/unit/ByteSizeValue.java toString() ("237.9MB")
  // until PR #61251 (2025-07, BE schema_partitions_meta_scanner.cpp) made it a BIGINT of bytes.
  partitionsMetaDataSize: { '3.1.8': 'text', '3.2.3': 'text', '3.3': 'text', '3.5': 'text', '4.0': 'bytes' } as Row<'text' | 'bytes'>,

  // tables_config.DISTRIBUTE_TYPE: service/InformationSchemaDataSource.java genNormalTableConfigInfo
  // printed the literal HASH for every table until PR #43222 (3.3.0) printed the table's own type.
  tablesConfigDistributeType: { '3.1.8': 'always-hash', '3.2.3': 'always-hash', '3.3': 'actual', '3.5': 'actual', '4.0': 'actual' } as Row<'always-hash' | 'actual'>,

  // tables_config.PROPERTIES: the same method's genProps built a map of its own (replication_num,
  // bloom filter and colocate group when set, the whole dynamic-partition property as one
  // "dynamic_partition" entry from catalog/DynamicPartitionProperty.java getPropString, in_memory,
  // enable_persistent_index, compression, storage_medium when set) until PR #43222 (3.3.0) printed
  // the table's own properties, dynamic_partition.* flat.
  tablesConfigProperties: { '3.1.8': 'hand-built', '3.2.3': 'hand-built', '3.3': 'table', '3.5': 'table', '4.0': 'table' } as Row<'hand-built' | 'table'>,

  // be_tablets columns after SCHEMA_HASH: INDEX_DISK (PR #35615, 3.2), MEDIUM_TYPE and NUM_SEGMENT
  // (PR #38621, 3.3); the columns before them come from PR #18210 and #20360 (every release here).
  beTabletsExtraColumns: {
    '3.1.8': [],
    '3.2.3': ['INDEX_DISK'],
    '3.3': ['INDEX_DISK', 'MEDIUM_TYPE', 'NUM_SEGMENT'],
    '3.5': ['INDEX_DISK', 'MEDIUM_TYPE', 'NUM_SEGMENT'],
    '4.0': ['INDEX_DISK', 'MEDIUM_TYPE', 'NUM_SEGMENT'],
  } as Row<readonly BeTabletsExtraColumn[]>,

  // SchemaHash in tablet listings (SHOW PROC '.../<partition>/<index>', SHOW TABLET FROM t):
  // common/proc/LocalTabletsProcDir.java printed replica.getSchemaHash(), a field of
  // catalog/Replica.java that is not persisted, so -1 on follower FEs and after any FE restart;
  // modelled as -1 always. 3.3 prints the constant Replica.DEPRECATED_PROP_SCHEMA_HASH (0). The
  // real hash is only in be_tablets.SCHEMA_HASH (and SHOW PROC '.../index_schema').
  tabletListingSchemaHash: { '3.1.8': -1, '3.2.3': -1, '3.3': 0, '3.5': 0, '4.0': 0 } as Row<number>,

  // SELECT current_version(): "<version> <hash>" from the BE's utility function in these
  // releases; the newest code joins them with '-' (the release that changed it is not pinned down).
  currentVersionSeparator: { '3.1.8': ' ', '3.2.3': ' ', '3.3': ' ', '3.5': '-', '4.0': '-' } as Row<' ' | '-'>,

  // @@version and the MySQL handshake's server version: common/Config.java mysql_server_version,
  // "5.1.0" until PR #52512 (3.4.0) made it "8.0.33".
  mysqlServerVersion: { '3.1.8': '5.1.0', '3.2.3': '5.1.0', '3.3': '5.1.0', '3.5': '8.0.33', '4.0': '8.0.33' } as Row<string>,

  // replication/ReplicationMgr.java addReplicationJob: from 3.3 the table's state and a running job
  // of the table are checked before the job is built ("Table <name> state is not NORMAL: <state>");
  // older releases build the job first (its request checks fail first), then check the parallel
  // limits, and find a running job of the table last.
  replicationChecksTableFirst: { '3.1.8': false, '3.2.3': false, '3.3': true, '3.5': true, '4.0': true } as Row<boolean>,

  // replication/ReplicationMgr.java checkParallelismLimits: replication_max_parallel_replica_count
  // exists from 3.3; older releases limit only the table count and the data size.
  replicationReplicaCountLimit: { '3.1.8': false, '3.2.3': false, '3.3': true, '3.5': true, '4.0': true } as Row<boolean>,

  // replication/ReplicationJob.java initTabletInfo: target replica i copies from exactly
  // replica_replication_infos[i] ('by-position'; a shorter list is refused with "Source replica
  // number must not less than target replica number"), until PR #42772 (2024-03, 3.3) split the
  // list across the target replicas, each trying its share in turn, and gave every replicate task
  // all the snapshots that were made ('split').
  replicationSourceChoice: { '3.1.8': 'by-position', '3.2.3': 'by-position', '3.3': 'split', '3.5': 'split', '4.0': 'split' } as Row<'by-position' | 'split'>,

  // SHOW LOAD's columns: common/proc/LoadProcDir.java TITLE_NAMES end with TrackingSQL, JobDetails;
  // main (4.0, and 3.5 from the same line) appends Warehouse, which a 3.3-line copy of the file
  // did not have (verify the first release that shows it).
  showLoadWarehouseColumn: { '3.1.8': false, '3.2.3': false, '3.3': false, '3.5': true, '4.0': true } as Row<boolean>,

  // The timeout of an INSERT's load transaction: the session's query_timeout until the
  // insert_timeout session variable (default 14400 s, docs: "Introduced in v3.4.0") took its place;
  // qe/StmtExecutor.java passes context.getExecTimeout(), insert_timeout for INSERT, to
  // GlobalTransactionMgr.beginTransaction.
  insertTimeoutVariable: { '3.1.8': 'query_timeout', '3.2.3': 'query_timeout', '3.3': 'query_timeout', '3.5': 'insert_timeout', '4.0': 'insert_timeout' } as Row<'query_timeout' | 'insert_timeout'>,

  // SHOW COMPUTE NODES columns: common/proc/ComputeNodeProcDir.java. The 3.1 / 3.2 line lists
  // CpuCores .. CpuUsedPct, HasStoragePath, and on a shared-data FE StarletPort, WorkerId (whose
  // values it emits before HasStoragePath's, under the wrong headers); 3.3 (its documentation)
  // appends WarehouseName and TabletNum for shared data; the newest source adds MemLimit,
  // DataCacheMetrics and StatusCode (3.5 is taken to have them too: verify the release).
  computeNodeColumns: { '3.1.8': 'v3.1', '3.2.3': 'v3.1', '3.3': 'v3.3', '3.5': 'v3.5', '4.0': 'v3.5' } as Row<'v3.1' | 'v3.3' | 'v3.5'>,

  // persistent_index_type of a PRIMARY KEY table at CREATE TABLE on a shared-data FE: the values
  // common/util/PropertyAnalyzer.java analyzePersistentIndexType accepts (case-insensitive; any
  // other is "Invalid persistent index type: <value>"). 3.1 has no persistent index on shared data
  // (3.1.0 notes: "persistent indexes cannot be enabled"), so nothing reads the property and it is
  // left over as unknown; PR #25925 (2023-07, 3.2) added it with LOCAL only (the index on the
  // compute node's disk; PR #48149 maps CLOUD_NATIVE to LOCAL on a downgrade to 3.2 because 3.2
  // does not know it); PR #43517 (2024-04, 3.3) added CLOUD_NATIVE (the index in the object store).
  // A shared-nothing FE reads the property in no release (server/OlapTableFactory.java reads it only
  // for a cloud-native table), so there it is an unknown property whatever its value.
  sharedDataPersistentIndexTypes: {
    '3.1.8': [],
    '3.2.3': ['LOCAL'],
    '3.3': ['LOCAL', 'CLOUD_NATIVE'],
    '3.5': ['LOCAL', 'CLOUD_NATIVE'],
    '4.0': ['LOCAL', 'CLOUD_NATIVE'],
  } as Row<readonly PersistentIndexType[]>,

  // Storage volumes (CREATE / ALTER / DROP / DESC / SHOW STORAGE VOLUME(S), SET ... AS DEFAULT
  // STORAGE VOLUME): server/StorageVolumeMgr.java, new in 3.1.0, so in every release played here.
  storageVolumes: { '3.1.8': true, '3.2.3': true, '3.3': true, '3.5': true, '4.0': true } as Row<boolean>,
} as const;

type Facts = typeof FACTS;

/** What one release answers: every fact of the table for that release. */
export type StarRocksRelease = { readonly profile: Profile } & { readonly [K in keyof Facts]: Facts[K][Profile] };

const RELEASES = new Map<Profile, StarRocksRelease>(
  PROFILES.map((profile) => [
    profile,
    Object.freeze({ profile, ...Object.fromEntries(Object.entries(FACTS).map(([fact, row]) => [fact, row[profile]])) }) as StarRocksRelease,
  ]),
);

/** "3.3 (or 3.3.9)": how the accepted values are listed in errors and help. */
export function acceptedVersions(): string {
  return PROFILES.map((p) => (FACTS.version[p] === p ? p : `${p} (or ${FACTS.version[p]})`)).join(', ');
}

/** The release a --starrocks-version value names: a profile (3.3) or its full version (3.3.9). */
export function starrocksRelease(value: string): StarRocksRelease {
  const profile = PROFILES.find((p) => p === value || FACTS.version[p] === value);
  if (!profile) throw new Error(`unknown StarRocks version '${value}': expected one of ${acceptedVersions()}`);
  return RELEASES.get(profile)!;
}

/** "3.2.3-2a1b3c4": STARROCKS_VERSION + "-" + STARROCKS_COMMIT_HASH, as FE and BE heartbeats and @@version_comment give it. */
export function versionWithHash(release: StarRocksRelease): string {
  return `${release.version}-${release.commitHash}`;
}

/** What SELECT current_version() answers. */
export function currentVersionText(release: StarRocksRelease): string {
  return `${release.version}${release.currentVersionSeparator}${release.commitHash}`;
}
