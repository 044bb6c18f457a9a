// The catalogue the metadata benchmark grows on both clusters: tables of `perTable` daily range
// partitions, 200 tables per database, created by the same DDL on the source and the target (so
// the diff sees matching schemas). A tenth of the tables get one row in each of five partitions
// on the source only, so the plan has lagging partitions to send (1% of all partitions).
import mysql from 'mysql2/promise';

const TABLES_PER_DATABASE = 200;
/** Every LOADED_EVERY-th table gets rows on the source, in LOADED_PARTITIONS of its partitions. */
const LOADED_EVERY = 10;
const LOADED_PARTITIONS = 5;

const databaseName = (table: number): string => `meta_${String(Math.floor(table / TABLES_PER_DATABASE)).padStart(3, '0')}`;
const tableName = (table: number): string => `t${String(table).padStart(5, '0')}`;

/** Day `n` after 2024-01-01, as YYYY-MM-DD. */
function day(n: number): string {
  return new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
}

function createTableSql(table: number, perTable: number): string {
  const partitions = Array.from({ length: perTable }, (_, i) => `PARTITION p${day(i).replaceAll('-', '')} VALUES [('${day(i)}'), ('${day(i + 1)}'))`);
  return (
    `CREATE TABLE \`${databaseName(table)}\`.\`${tableName(table)}\` (id BIGINT NOT NULL, day DATE NOT NULL, shop INT, amount DECIMAL(12, 2), note VARCHAR(64)) ` +
    `DUPLICATE KEY(id) PARTITION BY RANGE(day) (${partitions.join(', ')}) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")`
  );
}

function insertSql(table: number, perTable: number): string {
  const rows = Array.from({ length: Math.min(LOADED_PARTITIONS, perTable) }, (_, i) => `(${i}, '${day(i * Math.floor(perTable / LOADED_PARTITIONS))}', ${table}, ${i}.50, 'row ${i}')`);
  return `INSERT INTO \`${databaseName(table)}\`.\`${tableName(table)}\` VALUES ${rows.join(', ')}`;
}

/** Partitions the source holds rows in, once `tables` tables exist. */
export function loadedPartitions(tables: number, perTable: number): number {
  return Math.ceil(tables / LOADED_EVERY) * Math.min(LOADED_PARTITIONS, perTable);
}

export interface GrowOptions {
  port: number;
  /** Tables that exist already (from a smaller size). */
  from: number;
  to: number;
  perTable: number;
  /** The source gets the rows; the target only the tables. */
  load: boolean;
}

/** Creates tables from..to-1 (and their databases) over one connection, in order. */
export async function growCatalog(options: GrowOptions): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: options.port, user: 'root' });
  try {
    for (let table = options.from; table < options.to; table++) {
      if (table % TABLES_PER_DATABASE === 0) await conn.query(`CREATE DATABASE IF NOT EXISTS \`${databaseName(table)}\``);
      await conn.query(createTableSql(table, options.perTable));
      if (options.load && table % LOADED_EVERY === 0) await conn.query(insertSql(table, options.perTable));
    }
  } finally {
    await conn.end();
  }
}
