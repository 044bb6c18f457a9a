// What the Broker Load tests share: a cluster and a test S3 server holding the files to load, the
// LOAD statement's WITH BROKER clause for that server, and waits on SHOW LOAD that fail instead
// of hanging.
import assert from 'node:assert/strict';
import type mysql from 'mysql2/promise';
import { connect, rows, startCluster, type Rows } from '../../helpers/sim-cluster.js';
import { startS3Server, type S3Server } from '../../helpers/s3-server.js';
import type { LocalCluster, LocalClusterOptions } from '../../../src/storage-sim/cluster/local-cluster.js';

export type Conn = mysql.Connection;

export interface LoadSetup {
  cluster: LocalCluster;
  s3: S3Server;
  /** Replace it when reconnecting: stop() closes this one. */
  conn: Conn;
  stop(): Promise<void>;
}

export async function startLoadSetup(name: string, options: Partial<LocalClusterOptions> = {}): Promise<LoadSetup> {
  const [cluster, s3] = await Promise.all([startCluster(name, { backends: 1, ...options }), startS3Server(name, 'load-bucket')]);
  const setup: LoadSetup = {
    cluster,
    s3,
    conn: await connect(cluster),
    async stop() {
      // The connection in use now (a test may have reconnected after an FE restart).
      await setup.conn.end().catch(() => undefined);
      await cluster.stop();
      await s3.stop();
    },
  };
  return setup;
}

/** db.orders (id, day, amount), RANGE-partitioned on day, and db.items (id, name); both empty. */
export async function createTables(conn: Conn): Promise<void> {
  await conn.query('CREATE DATABASE IF NOT EXISTS db');
  await conn.query(`CREATE TABLE db.orders (id BIGINT NOT NULL, day DATE NOT NULL, amount DECIMAL(10, 2))
    DUPLICATE KEY(id) PARTITION BY RANGE(day) (PARTITION p2024 VALUES LESS THAN ('2025-01-01'), PARTITION p2025 VALUES LESS THAN ('2026-01-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "1")`);
  await conn.query(`CREATE TABLE db.items (id INT NOT NULL, name VARCHAR(32)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
}

/** WITH BROKER's properties reaching the test S3 server, as a user writes them. */
export function brokerClause(s3: S3Server, name = ''): string {
  return `WITH BROKER ${name}(${s3.repositoryProperties()})`;
}

/** `count` CSV lines "id,day,amount" from id `first`. */
export function orderLines(first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `${first + i},2024-0${1 + ((first + i) % 9)}-15,${first + i}.50`).join('\n') + '\n';
}

export async function showLoad(conn: Conn, label: string, db = 'db'): Promise<Rows> {
  return rows(conn, `SHOW LOAD FROM ${db} WHERE LABEL = "${label}"`);
}

/** Waits until the job of `label` is in one of `states`; returns its SHOW LOAD row. */
export async function waitForLoad(conn: Conn, label: string, states: string[], timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await showLoad(conn, label);
    const job = found.at(-1);
    if (job && states.includes(String(job.State))) return job;
    if (Date.now() > deadline) assert.fail(`load ${label} did not reach ${states.join('/')}: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function count(conn: Conn, table: string): Promise<number> {
  const [row] = await rows(conn, `SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row!.n);
}
