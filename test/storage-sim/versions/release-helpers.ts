// What the release-profile tests share: a small cluster playing a given StarRocks release, a
// table's layout read over MySQL the way any client can (SHOW PROC, which every release has), a
// startTableReplication request built by hand from it (so a test chooses each tablet's list of
// source replicas), and the outcome of a replication job read from the target's transactions
// (SHOW PROC '/replications' does not exist in the oldest releases).
import assert from 'node:assert/strict';
import type { Connection } from 'mysql2/promise';
import { connect, rows, startCluster, type Rows } from '../../helpers/sim-cluster.js';
import type { LocalCluster, LocalClusterOptions } from '../../../src/storage-sim/cluster/local-cluster.js';
import { startTableReplication } from '../../../src/protocol/frontend-service-client.js';
import { TTableType, type TBackend, type TTableReplicationRequest, type TTableReplicationResponse } from '../../../src/protocol/replication-types.js';

export const OLD_RELEASES = ['3.1.8', '3.2.3'] as const;
export const NEW_RELEASES = ['3.3', '3.5', '4.0'] as const;
export const RELEASES = [...OLD_RELEASES, ...NEW_RELEASES] as const;

export interface ReleaseCluster {
  cluster: LocalCluster;
  conn: Connection;
  stop(): Promise<void>;
}

/** A cluster (one BE unless told otherwise) playing `version`, and a connection to it. */
export async function startRelease(name: string, version: string, options: Partial<LocalClusterOptions> = {}): Promise<ReleaseCluster> {
  const cluster = await startCluster(`${name}-${version}`, { backends: 1, starrocksVersion: version, ...options });
  const conn = await connect(cluster);
  return {
    cluster,
    conn,
    async stop() {
      await conn.end();
      await cluster.stop();
    },
  };
}

/** The result's rows and its columns as the client describes them (name and MySQL type code). */
export async function query(conn: Connection, sql: string): Promise<{ rows: Rows; columns: string[]; types: Record<string, number> }> {
  const [result, fields] = await conn.query(sql);
  const list = fields ?? [];
  return { rows: result as Rows, columns: list.map((f) => f.name), types: Object.fromEntries(list.map((f) => [f.name, f.columnType ?? f.type ?? -1])) };
}

/** The error a statement fails with: its errno, SQLSTATE and message. */
export async function failure(work: Promise<unknown>): Promise<{ errno?: number; sqlState?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    return error as { errno?: number; sqlState?: string; message: string };
  }
  return assert.fail('the statement succeeded');
}

export interface TabletLayout {
  id: number;
  /** The replicas' backends, in the tablet's replica order. */
  backendIds: number[];
}

export interface TableLayout {
  dbId: number;
  tableId: number;
  indexId: number;
  schemaHash: number;
  partitions: { id: number; name: string; visibleVersion: number; tablets: TabletLayout[] }[];
}

const num = (value: unknown) => Number(value);

/** A table's ids, versions and tablets from SHOW PROC: tablets sorted by id, replicas in their order. */
export async function tableLayout(conn: Connection, db: string, table: string): Promise<TableLayout> {
  const dbId = num((await rows(conn, "SHOW PROC '/dbs'")).find((r) => r.DbName === db)!.DbId);
  const tableId = num((await rows(conn, `SHOW PROC '/dbs/${dbId}'`)).find((r) => r.TableName === table)!.TableId);
  const [index] = await rows(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/index_schema'`);
  const indexId = num(index!.IndexId);
  const partitions = [];
  for (const p of await rows(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions'`)) {
    const replicas = await rows(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${String(p.PartitionId)}/${indexId}'`);
    const tablets = new Map<number, number[]>();
    for (const r of replicas) tablets.set(num(r.TabletId), [...(tablets.get(num(r.TabletId)) ?? []), num(r.BackendId)]);
    partitions.push({
      id: num(p.PartitionId),
      name: String(p.PartitionName),
      visibleVersion: num(p.VisibleVersion),
      tablets: [...tablets].map(([id, backendIds]) => ({ id, backendIds })).sort((a, b) => a.id - b.id),
    });
  }
  return { dbId, tableId, indexId, schemaHash: num(index!.SchemaHash), partitions };
}

/** The source BEs as SHOW BACKENDS lists them, by backend id. */
export async function sourceBackends(conn: Connection): Promise<Map<number, TBackend>> {
  return new Map((await rows(conn, 'SHOW BACKENDS')).map((b) => [num(b.BackendId), { host: String(b.IP), be_port: num(b.BePort), http_port: num(b.HttpPort) }]));
}

export interface RequestParts {
  source: TableLayout;
  target: TableLayout;
  token: string;
  jobId: string;
  /** The source replicas listed for each tablet, given the source tablet's replica backends. */
  replicas: (sourceBackendIds: number[]) => TBackend[];
  srcTableDataSize?: number;
}

/** A startTableReplication request for every partition, paired by name, tablets by position. */
export function replicationRequest(parts: RequestParts): TTableReplicationRequest {
  const { source, target } = parts;
  return {
    username: 'root',
    password: '',
    database_id: target.dbId,
    table_id: target.tableId,
    src_token: parts.token,
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: parts.srcTableDataSize ?? 0,
    job_id: parts.jobId,
    partition_replication_infos: new Map(
      target.partitions.map((p) => {
        const src = source.partitions.find((s) => s.name === p.name)!;
        const tablets = new Map(
          p.tablets.map((tablet, i) => [
            tablet.id,
            { tablet_id: tablet.id, src_tablet_id: src.tablets[i]!.id, replica_replication_infos: parts.replicas(src.tablets[i]!.backendIds).map((b) => ({ src_backend: b })) },
          ]),
        );
        const index = { index_id: target.indexId, src_schema_hash: source.schemaHash, tablet_replication_infos: tablets };
        return [p.id, { partition_id: p.id, src_version: src.visibleVersion, src_version_epoch: 0, index_replication_infos: new Map([[target.indexId, index]]) }];
      }),
    ),
  };
}

export function sendReplication(target: LocalCluster, request: TTableReplicationRequest): Promise<TTableReplicationResponse> {
  return startTableReplication({ host: '127.0.0.1', port: target.fe.rpcPort, timeoutMs: 10_000 }, request);
}

/**
 * The finished transaction of a replication job (its label ends with the job id), once the job
 * is over: VISIBLE when it committed, ABORTED with the reason otherwise.
 */
export async function replicationOutcome(conn: Connection, db: string, jobId: string, timeoutMs = 30_000): Promise<{ status: string; reason: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const txn = (await rows(conn, `SHOW PROC '/transactions/${db}/finished'`)).find((r) => String(r.Label).endsWith(`_${jobId}`));
    if (txn) return { status: String(txn.TransactionStatus), reason: String(txn.Reason ?? '') };
    assert.ok(Date.now() < deadline, `replication job ${jobId} did not finish in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
