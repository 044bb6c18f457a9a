// Starts an in-process reference cluster for a test and connects to it over real TCP.
import mysql from 'mysql2/promise';
import { LocalCluster, type LocalClusterOptions } from '../../src/storage-sim/cluster/local-cluster.js';
import { scratchDir } from './scratch.js';
import { decodeTextAsUtf8 } from '../../src/cluster/utf8-text.js';

export async function startCluster(name: string, options: Partial<LocalClusterOptions> = {}): Promise<LocalCluster> {
  return LocalCluster.start({ dir: scratchDir(name), backends: 3, ...options });
}

export async function connect(cluster: LocalCluster, options: { password?: string; database?: string; multipleStatements?: boolean } = {}): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: '127.0.0.1',
    port: cluster.fe.queryPort,
    user: 'root',
    password: options.password ?? cluster.options.rootPassword ?? '',
    ...(options.database ? { database: options.database } : {}),
    multipleStatements: options.multipleStatements ?? false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    // As the daemon reads StarRocks: text columns say character set 33, which mysql2 would read as CESU-8.
    typeCast: decodeTextAsUtf8,
  });
}

export type Rows = Record<string, unknown>[];

export async function rows(conn: mysql.Connection, sql: string): Promise<Rows> {
  const [result] = await conn.query(sql);
  return result as Rows;
}

/**
 * sync.properties settings for a daemon between two test clusters: both FEs, the source token,
 * and one-second meta, DDL and replication intervals so a test sees rounds quickly.
 */
export function syncSettings(source: LocalCluster, target: LocalCluster, extra: Record<string, string> = {}): Record<string, string> {
  return {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: String(source.fe.queryPort),
    source_cluster_token: source.fe.token,
    target_fe_host: '127.0.0.1',
    target_fe_query_port: String(target.fe.queryPort),
    meta_job_interval_seconds: '1',
    ddl_job_interval_seconds: '1',
    replication_job_interval_seconds: '1',
    ...extra,
  };
}
