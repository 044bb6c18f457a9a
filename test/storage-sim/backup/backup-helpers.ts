// What the backup and restore tests share: repositories on the test S3 server, sample tables with
// partitions and data, and waits on SHOW BACKUP / SHOW RESTORE that fail instead of hanging.
import assert from 'node:assert/strict';
import type mysql from 'mysql2/promise';
import { connect, rows, startCluster, type Rows } from '../../helpers/sim-cluster.js';
import { startS3Server, type S3Server } from '../../helpers/s3-server.js';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';

export type Conn = mysql.Connection;

export interface BackupClusters {
  s3: S3Server;
  source: LocalCluster;
  target: LocalCluster;
  src: Conn;
  dst: Conn;
}

/** A test S3 server and two clusters (source and target), each with a connection. */
export async function startBackupClusters(name: string, options: { backends?: number } = {}): Promise<BackupClusters> {
  const [s3, source, target] = await Promise.all([
    startS3Server(name),
    startCluster(`${name}-source`, { backends: options.backends ?? 3 }),
    startCluster(`${name}-target`, { backends: options.backends ?? 3 }),
  ]);
  const [src, dst] = await Promise.all([connect(source), connect(target)]);
  return { s3, source, target, src, dst };
}

export async function stopBackupClusters(clusters: Partial<BackupClusters>): Promise<void> {
  await Promise.all([clusters.src?.end(), clusters.dst?.end()]);
  await Promise.all([clusters.source?.stop(), clusters.target?.stop()]);
  await clusters.s3?.stop();
}

export async function createRepository(conn: Conn, s3: S3Server, name: string, options: { readOnly?: boolean; path?: string } = {}): Promise<void> {
  await conn.query(
    `CREATE ${options.readOnly ? 'READ ONLY ' : ''}REPOSITORY ${name} WITH BROKER ON LOCATION "s3a://${s3.bucket}/${options.path ?? 'backups'}" PROPERTIES (${s3.repositoryProperties()})`,
  );
}

/** db.t: RANGE-partitioned on day (p1 = first half of 2024, p2 = second half), 2 buckets, `rowsPerPartition` rows in each. */
export async function createSampleTable(conn: Conn, db: string, table: string, options: { replicas?: number; rowsPerPartition?: number } = {}): Promise<void> {
  await conn.query(`CREATE TABLE ${db}.${table} (id BIGINT NOT NULL, day DATE NOT NULL, name VARCHAR(64), amount DECIMAL(10, 2))
    DUPLICATE KEY(id) PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "${options.replicas ?? 1}")`);
  await loadRows(conn, db, table, 0, options.rowsPerPartition ?? 50);
}

/** `count` rows in each partition, ids from `first`: one INSERT (one version) per call. */
export async function loadRows(conn: Conn, db: string, table: string, first: number, count: number): Promise<void> {
  const values = Array.from({ length: count }, (_, i) => {
    const id = first + i;
    return [`(${id}, '2024-03-${String(1 + (id % 28)).padStart(2, '0')}', 'name-${id}', ${id}.5)`, `(${id + 1_000_000}, '2024-09-${String(1 + (id % 28)).padStart(2, '0')}', 'name-${id}', ${id}.25)`];
  }).flat();
  await conn.query(`INSERT INTO ${db}.${table} VALUES ${values.join(', ')}`);
}

export async function tableRows(conn: Conn, db: string, table: string): Promise<Rows> {
  return rows(conn, `SELECT * FROM ${db}.${table} ORDER BY id`);
}

/** Partition name -> [visible version, row count]. */
export async function partitionVersions(conn: Conn, db: string, table: string): Promise<Record<string, [string, string]>> {
  const result = await rows(conn, `SHOW PARTITIONS FROM ${db}.${table}`);
  return Object.fromEntries(result.map((r) => [String(r.PartitionName), [String(r.VisibleVersion), String(r.RowCount)]]));
}

/** Polls SHOW BACKUP / SHOW RESTORE until the job is in one of `states`. */
export async function waitForJob(conn: Conn, kind: 'BACKUP' | 'RESTORE', db: string, states: string[] = ['FINISHED', 'CANCELLED'], timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> | undefined;
  for (;;) {
    last = (await rows(conn, `SHOW ${kind} FROM ${db}`))[0];
    if (last && states.includes(String(last.State))) return last;
    assert.ok(Date.now() < deadline, `${kind} in ${db} never reached ${states.join('/')}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function finishedJob(conn: Conn, kind: 'BACKUP' | 'RESTORE', db: string): Promise<Record<string, unknown>> {
  const job = await waitForJob(conn, kind, db);
  assert.equal(job.State, 'FINISHED', `${kind} failed: ${String(job.Status)}`);
  assert.equal(job.Status, '[OK]');
  return job;
}

/** The backup timestamp of a snapshot, as SHOW SNAPSHOT tells it. */
export async function snapshotTimestamp(conn: Conn, repo: string, snapshot: string): Promise<string> {
  const [row] = await rows(conn, `SHOW SNAPSHOT ON ${repo} WHERE SNAPSHOT = "${snapshot}"`);
  assert.equal(row?.Status, 'OK', `snapshot ${snapshot}: ${JSON.stringify(row)}`);
  return String(row!.Timestamp).split('\n').at(-1)!;
}
