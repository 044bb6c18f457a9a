// The replication job's effects: watch what the target shows of the jobs in flight, and send
// the next batch of startTableReplication requests (the batch's tablet layouts read just before
// sending, BE addresses mapped through hosts.properties). Every outcome goes to the tracker as an
// event.
import type { Logger } from 'pino';
import pLimit from 'p-limit';
import type { FeClient, Row } from '../cluster/fe-client.js';
import type { SyncConfig } from '../config/load-config.js';
import { mapAddress } from '../config/hosts-mapping.js';
import { capabilitiesOf } from '../cluster/capability-probes.js';
import { fetchBackends, fetchTableLayouts, LayoutWait } from '../meta/table-layout.js';
import { readPartitionVersions } from '../meta/partition-versions.js';
import { tableKey } from '../meta/table-key.js';
import { buildReplicationRequest } from '../replication/build-request.js';
import { jobsToObserve, nextToSend, track, type JobObservation, type TrackedJob, type TrackerState } from '../replication/job-tracker.js';
import { observeFromTransactions } from '../replication/transaction-observation.js';
import { startTableReplication } from '../protocol/frontend-service-client.js';
import type { Transport } from './transport.js';
import { failpoint } from '../util/failpoints.js';

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

type JobRows = (job: TrackedJob) => JobObservation | undefined;

/** The jobs' rows in SHOW PROC '/replications', by the job id each request named. */
async function rowsFromReplicationsProc(target: FeClient): Promise<JobRows> {
  const rows = await target.query("SHOW PROC '/replications'", 'read replication jobs');
  const byId = new Map(rows.map((r) => [String(r.JobID), r]));
  return (job) => {
    const row = job.remoteJobId === undefined ? undefined : byId.get(job.remoteJobId);
    if (!row) return undefined;
    const phase = String(row.State);
    // ABORTED is the job's only terminal failure (ReplicationJob.java); COMMITTED waits for the versions.
    if (phase.toUpperCase() === 'ABORTED') return { outcome: 'failed', phase, error: String(row.Error ?? '') || 'the target FE aborted the replication job' };
    return { outcome: phase.toUpperCase() === 'COMMITTED' ? 'done' : 'in-progress', phase };
  };
}

/** On FEs without SHOW PROC '/replications': the jobs' transactions, listed per target database. */
async function rowsFromTransactions(target: FeClient, watched: readonly TrackedJob[]): Promise<JobRows> {
  const dbIds = [...new Set(watched.flatMap((job) => (job.targetDbId === undefined ? [] : [job.targetDbId])))];
  const lists = new Map<number, { running: Row[]; finished: Row[] }>();
  await Promise.all(
    dbIds.map(async (dbId) => {
      const [running, finished] = await Promise.all([
        target.query(`SHOW PROC '/transactions/${dbId}/running'`, 'read running transactions'),
        target.query(`SHOW PROC '/transactions/${dbId}/finished'`, 'read finished transactions'),
      ]);
      lists.set(dbId, { running, finished });
    }),
  );
  return (job) => {
    const list = job.targetDbId === undefined ? undefined : lists.get(job.targetDbId);
    return list && job.remoteJobId !== undefined ? observeFromTransactions(job.remoteJobId, list.running, list.finished) : undefined;
  };
}

/** Feeds the tracker what the target shows of every job in flight. */
export async function observeJobs(ctx: ReplicationContext, state: TrackerState, now: number): Promise<TrackerState> {
  const watched = jobsToObserve(state);
  if (watched.length === 0) return state;
  const caps = await capabilitiesOf(ctx.target);
  const [rowOf, versions] = await Promise.all([
    caps.replicationsProc ? rowsFromReplicationsProc(ctx.target) : rowsFromTransactions(ctx.target, watched),
    readPartitionVersions(ctx.target, watched.map((job) => job.candidate), 'read versions of the tables replicating'),
  ]);
  let next = state;
  for (const job of watched) {
    const tableVersions = versions.get(tableKey(job.candidate.db, job.candidate.table)) ?? {};
    next = track(next, { type: 'observed', now, jobId: job.id, seen: rowOf(job), targetVersions: tableVersions });
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

type SendOutcome = { type: 'sent'; remoteJobId: string; targetDbId: number } | { type: 'refused'; message: string } | { type: 'deferred'; reason: string } | undefined;

/** Sends up to replication_job_batch_size pending jobs. */
export async function sendJobs(ctx: ReplicationContext, state: TrackerState, now: number): Promise<TrackerState> {
  const batch = nextToSend(state, ctx.config.settings.replication_job_batch_size, now);
  if (batch.length === 0) return state;
  const tables = batch.map((job) => ({ db: job.candidate.db, table: job.candidate.table }));
  const [rpc, sourceBackends, sourceLayouts, targetLayouts, targetCaps] = await Promise.all([
    targetRpcEndpoint(ctx),
    fetchBackends(ctx.source),
    fetchTableLayouts(ctx.source, tables),
    fetchTableLayouts(ctx.target, tables),
    capabilitiesOf(ctx.target),
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
          if (source instanceof LayoutWait) return { type: 'deferred', reason: `source: ${source.reason}` };
          if (target instanceof LayoutWait) return { type: 'deferred', reason: `target: ${target.reason}` };
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
            replicaChoice: targetCaps.replicaChoice,
            sourceToken: ctx.config.settings.source_cluster_token,
            targetUser: ctx.config.credentials.target.user,
            targetPassword: ctx.config.credentials.target.password,
            partitions,
            jobId: remoteJobId,
          });
          const response = await startTableReplication({ host: rpc.host, port: rpc.port, timeoutMs: ctx.config.settings.jdbc_socket_timeout_ms }, request);
          if (response.status?.status_code === 0) {
            failpoint('replication_after_send');
            ctx.log.info({ job: remoteJobId, partitions: partitions.length }, `replication of ${db}.${table} sent (${partitions.join(', ')})`);
            return { type: 'sent', remoteJobId, targetDbId: target!.dbId };
          }
          // Said by the replication step, which knows whether it is a failure, a busy target or a stale plan.
          const message = response.status?.error_msgs?.join('; ') ?? `status ${response.status?.status_code}`;
          return { type: 'refused', message };
        } catch (error) {
          if (error instanceof LayoutWait) return { type: 'deferred', reason: error.reason };
          return { type: 'refused', message: `could not be sent: ${(error as Error).message}` };
        }
      }),
    ),
  );
  let next = state;
  const retryAfterMs = ctx.config.settings.replication_job_interval_seconds * 1000;
  batch.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome?.type === 'sent') next = track(next, { type: 'sent', now, jobId: job.id, remoteJobId: outcome.remoteJobId, targetDbId: outcome.targetDbId });
    else if (outcome?.type === 'refused') next = track(next, { type: 'refused', now, jobId: job.id, message: outcome.message });
    else if (outcome?.type === 'deferred') {
      // Said once per reason: a table may wait for many rounds (a BE down for hours).
      if (job.lastError !== outcome.reason) ctx.log.warn(`replication of ${job.candidate.db}.${job.candidate.table} waits: ${outcome.reason}`);
      next = track(next, { type: 'deferred', now, jobId: job.id, reason: outcome.reason, retryAfterMs });
    }
  });
  return next;
}

/** Thrift replication as a Transport; `context` is read at each call (the configuration may have been reloaded). */
export function replicationTransport(context: () => ReplicationContext): Transport {
  return {
    observe: (state, { now }) => observeJobs(context(), state, now),
    send: (state, { now }) => sendJobs(context(), state, now),
  };
}
