// Starts an in-process reference cluster for a test and connects to it over real TCP.
import mysql from 'mysql2/promise';
import { LocalCluster, type LocalClusterOptions } from '../../src/storage-sim/cluster/local-cluster.js';
import { scratchDir } from './scratch.js';

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
  });
}

export type Rows = Record<string, unknown>[];

export async function rows(conn: mysql.Connection, sql: string): Promise<Rows> {
  const [result] = await conn.query(sql);
  return result as Rows;
}
