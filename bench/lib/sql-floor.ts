// The SQL floor of a catalogue read: the statements the daemon's meta step sends (the same texts,
// imported from it), sent through mysql2 with the daemon's connection settings to both clusters
// at once, their rows received and nothing done with them. A round cannot be faster than the
// clusters answering these; what it takes beyond is the daemon's own work.
import mysql from 'mysql2/promise';
import { CATALOG_STATEMENTS } from '../../dist/meta/fetch-catalog.js';
import { partitionsMetaQuery } from '../../dist/meta/partition-rows.js';
import { decodeTextAsUtf8 } from '../../dist/cluster/utf8-text.js';

/** meta_job_threads' default: the connections the daemon opens per cluster. */
const CONNECTIONS = 4;

async function readCatalogStatements(port: number): Promise<void> {
  const pool = mysql.createPool({ host: '127.0.0.1', port, user: 'root', connectionLimit: CONNECTIONS, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true, typeCast: decodeTextAsUtf8 });
  try {
    // As the daemon sends them once it knows the cluster's partitions_meta columns (learned once,
    // when it connects): the partitions first, the rest alongside.
    const [, fields] = await pool.query('SELECT * FROM information_schema.partitions_meta LIMIT 0');
    const columns = new Set((fields as { name: string }[]).map((f) => f.name.toUpperCase()));
    await Promise.all([pool.query(partitionsMetaQuery(columns)), ...Object.values(CATALOG_STATEMENTS).map((sql) => pool.query(sql))]);
  } finally {
    await pool.end();
  }
}

/** Seconds to read both clusters' catalogue statements, side by side (connections included, as in a round of `plan`). */
export async function sqlFloorSeconds(ports: number[]): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(ports.map(readCatalogStatements));
  return Number(process.hrtime.bigint() - started) / 1e9;
}
