// What the dynamic partition tests share: the dates the scheduler works from (today in the FE's
// time zone, which is this process's), the partitions of a table as SHOW PARTITIONS lists them, and
// a wait that fails instead of hanging.
import type { Connection } from 'mysql2/promise';
import { rows } from '../../helpers/sim-cluster.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** The local date `offset` days from today: 'yyyy-MM-dd'. */
export function day(offset: number): string {
  const now = new Date();
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The name StarRocks gives the DAY partition `offset` days from today. */
export function dayName(offset: number, prefix = 'p'): string {
  return prefix + day(offset).replaceAll('-', '');
}

/** How SHOW PARTITIONS and partitions_meta print a one-column range. */
export function rangeText(type: 'DATE' | 'DATETIME', lower: string, upper: string): string {
  return `[types: [${type}]; keys: [${lower}]; ..types: [${type}]; keys: [${upper}]; )`;
}

export interface PartitionRow {
  name: string;
  range: string;
  buckets: number;
  replicationNum: number;
}

export async function partitionsOf(conn: Connection, table: string): Promise<PartitionRow[]> {
  return (await rows(conn, `SHOW PARTITIONS FROM ${table}`))
    .map((p) => ({ name: String(p.PartitionName), range: String(p.Range), buckets: Number(p.Buckets), replicationNum: Number(p.ReplicationNum) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function partitionNames(conn: Connection, table: string): Promise<string[]> {
  return (await partitionsOf(conn, table)).map((p) => p.name);
}

/** Polls until `check` holds; fails with what it last saw after `ms`. */
export async function waitFor<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
