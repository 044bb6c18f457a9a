// The replication job's effects: watch what the target shows of the jobs in flight, and send
// the next batch of startTableReplication requests (the batch's tablet layouts read just before
// sending, BE addresses mapped through hosts.properties). Every outcome goes to the tracker as an
// event.
import type { Logger } from 'pino';
import pLimit from 'p-limit';
import type { FeClient } from '../cluster/fe-client.js';
import { quoteString } from '../cluster/sql-text.js';
import type { SyncConfig } from '../config/load-config.js';
import { mapAddress } from '../config/hosts-mapping.js';
import { fetchBackends, fetchTableLayouts } from '../meta/table-layout.js';
import { tableKey } from '../replication/table-key.js';
import { buildReplicationRequest } from '../replication/build-request.js';
import { jobsToObserve, nextToSend, track, type TrackerState } from '../replication/job-tracker.js';
import { startTableReplication } from '../protocol/frontend-service-client.js';

export interface ReplicationContext {
  config: SyncConfig;
  source: FeClient;
  target: FeClient;
  log: Logger;
  /** Prefix of the job ids sent, so this daemon's jobs are recognisable in SHOW PROC '/replications'. */
  jobPrefix: string;
  /** A stop ends the batch between two requests: never half a request. */
  signal: AbortSignal;
}

/** Visible versions per partition of the given tables on the target, read in one query. */
export async function targetVersions(target: FeClient, tables: { db: string; table: string }[]): Promise<Map<string, Record<string, number>>> {
  const unique = [...new Map(tables.map((t) => [JSON.stringify([t.db, t.table]), t])).values()];
  const where = unique.map((t) => `(DB_NAME = ${quoteString(t.db)} AND TABLE_NAME = ${quoteString(t.table)})`).join(' OR ');
  const rows = await target.query(`SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE ${where}`, 'read versions of the tables replicating');
  const versions = new Map<string, Record<string, number>>(unique.map((t) => [JSON.stringify([t.db, t.table]), {}]));
  for (const r of rows) versions.get(JSON.stringify([String(r.DB_NAME), String(r.TABLE_NAME)]))![String(r.PARTITION_NAME)] = Number(r.VISIBLE_VERSION);
  return versions;
}

/** Feeds the tracker what the target shows of every job in flight. */
export async function observeJobs(ctx: ReplicationContext, state: TrackerState, now: number): Promise<TrackerState> {
  const watched = jobsToObserve(state);
  if (watched.length === 0) return state;
  const [rows, versions] = await Promise.all([
    ctx.target.query("SHOW PROC '/replications'", 'read replication jobs'),
    targetVersions(ctx.target, watched.map((job) => job.candidate)),
  ]);
  const byId = new Map(rows.map((r) => [String(r.JobID), r]));
  let next = state;
  for (const job of watched) {
    const row = job.remoteJobId === undefined ? undefined : byId.get(job.remoteJobId);
    const tableVersions = versions.get(JSON.stringify([job.candidate.db, job.candidate.table])) ?? {};
    next = track(next, { type: 'observed', now, jobId: job.id, row: row ? { state: String(row.State), error: String(row.Error ?? '') } : undefined, targetVersions: tableVersions });
  }
  return next;
}

/**
 * Where the daemon reaches the target's Thrift port: the leader's RpcPort from SHOW FRONTENDS (the
 * leader records replication jobs in its journal), mapped through hosts.properties. When the leader
 * is the FE the MySQL connection uses, its Thrift port is on the machine already dialled.
 */
async function targetRpcEndpoint(ctx: ReplicationContext): Promise<{ host: string; port: number }> {
  // The list the meta round read for failover, when there is one: no second SHOW FRONTENDS per batch.
  const frontends = ctx.target.knownFrontends.length > 0 ? ctx.target.knownFrontends : await ctx.target.query('SHOW FRONTENDS', 'read target frontends');
  const connected = ctx.target.endpoint;
  const isConnected = (f: Record<string, unknown>) => String(f.IP) === connected.configuredHost && Number(f.QueryPort) === connected.configuredPort;
  const fe = frontends.find((f) => String(f.Role) === 'LEADER' && String(f.Alive) !== 'false') ?? frontends.find(isConnected) ?? frontends[0];
  if (!fe) throw new Error('the target cluster lists no frontend');
  const address = mapAddress(ctx.config.hosts, 'target', { host: String(fe.IP), port: Number(fe.RpcPort) });
  const sameMachine = String(fe.IP) === connected.configuredHost && address.host === String(fe.IP);
  return { host: sameMachine ? connected.host : address.host, port: address.port };
}

/**
 * Requests sent at once: the layouts of the whole batch are read first (a few statements per
 * cluster), then each request is one RPC. The target FE's admission limits bound the real work.
 */
export const SEND_CONCURRENCY = 8;

type SendOutcome = { type: 'sent'; remoteJobId: string } | { type: 'refused'; message: string } | undefined;

/** Sends up to replication_job_batch_size pending jobs. */
export async function sendJobs(ctx: ReplicationContext, state: TrackerState, now: number): Promise<TrackerState> {
  const batch = nextToSend(state, ctx.config.settings.replication_job_batch_size, now);
  if (batch.length === 0) return state;
  const tables = batch.map((job) => ({ db: job.candidate.db, table: job.candidate.table }));
  const [rpc, sourceBackends, sourceLayouts, targetLayouts] = await Promise.all([
    targetRpcEndpoint(ctx),
    fetchBackends(ctx.source),
    fetchTableLayouts(ctx.source, tables),
    fetchTableLayouts(ctx.target, tables),
  ]);
  const limit = pLimit(SEND_CONCURRENCY);
  const outcomes = await Promise.all(
    batch.map((job) =>
      limit(async (): Promise<SendOutcome> => {
        if (ctx.signal.aborted) return undefined;
        const { db, table, partitions } = job.candidate;
        const remoteJobId = `${ctx.jobPrefix}-${job.id}-${job.failures}`;
        try {
          const source = sourceLayouts.get(tableKey(db, table));
          const target = targetLayouts.get(tableKey(db, table));
          if (source instanceof Error) throw new Error(`source: ${source.message}`);
          if (target instanceof Error) throw new Error(`target: ${target.message}`);
          const request = buildReplicationRequest({
            source: source!,
            target: target!,
            sourceBackends,
            mapSourceBackend: (backend) => {
              const be = mapAddress(ctx.config.hosts, 'source', { host: backend.host, port: backend.bePort });
              const http = mapAddress(ctx.config.hosts, 'source', { host: backend.host, port: backend.httpPort });
              return { host: be.host, bePort: be.port, httpPort: http.port };
            },
            sourceToken: ctx.config.settings.source_cluster_token,
            targetUser: ctx.config.credentials.target.user,
            targetPassword: ctx.config.credentials.target.password,
            partitions,
            jobId: remoteJobId,
          });
          const response = await startTableReplication({ host: rpc.host, port: rpc.port, timeoutMs: ctx.config.settings.jdbc_socket_timeout_ms }, request);
          if (response.status?.status_code === 0) {
            ctx.log.info({ job: remoteJobId, partitions: partitions.length }, `replication of ${db}.${table} sent (${partitions.join(', ')})`);
            return { type: 'sent', remoteJobId };
          }
          const message = response.status?.error_msgs?.join('; ') ?? `status ${response.status?.status_code}`;
          ctx.log.info({ job: remoteJobId }, `replication of ${db}.${table} not started: ${message}`);
          return { type: 'refused', message };
        } catch (error) {
          const message = (error as Error).message;
          ctx.log.warn({ job: remoteJobId }, `replication of ${db}.${table} could not be sent: ${message}`);
          return { type: 'refused', message };
        }
      }),
    ),
  );
  let next = state;
  batch.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome?.type === 'sent') next = track(next, { type: 'sent', now, jobId: job.id, remoteJobId: outcome.remoteJobId });
    else if (outcome?.type === 'refused') next = track(next, { type: 'refused', now, jobId: job.id, message: outcome.message });
  });
  return next;
}
