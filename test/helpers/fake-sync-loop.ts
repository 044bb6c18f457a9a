// The sync loop's effects as fakes: catalogues held in memory (the readers), a DDL runner and a
// transport that change the fake target as real ones would, a clock that jumps ahead at each
// sleep, and a store in memory. No cluster, no socket, no timer: minutes of simulated time run in
// milliseconds. Used by the loop's own tests and by whatever reads what the loop publishes (the
// metrics).
import pino from 'pino';
import { loadConfig } from '../../src/config/load-config.js';
import { RunningConfig } from '../../src/config/running-config.js';
import type { ClusterCatalog, OlapTableModel, PartitionModel } from '../../src/meta/catalog-model.js';
import { alignedVersion } from '../../src/meta/aligned-version.js';
import { nextToSend, track, type TrackerState } from '../../src/replication/job-tracker.js';
import { LoopControl } from '../../src/daemon/loop-control.js';
import type { LoopEffects } from '../../src/daemon/steps/step-context.js';
import type { DdlTask } from '../../src/ddl/ddl-plan.js';
import type { DaemonStatus } from '../../src/daemon/status-file.js';
import { EMPTY_SYNC_STATE, type SyncState } from '../../src/daemon/sync-state-file.js';
import type { Transport } from '../../src/daemon/transport.js';
import { catalog, replicated } from './catalog-fixtures.js';
import { MINIMAL_CLUSTERS, writeConf } from './config-files.js';
import { scratchDir } from './scratch.js';
import { join } from 'node:path';

export const START = Date.UTC(2026, 0, 1);

/** Two clusters in memory: the readers see them, the DDL runner and the transport change the target. */
export class FakeClusters {
  source: ClusterCatalog;
  target: ClusterCatalog = catalog('target');
  /** Reads of either catalogue still to fail (a cluster down for a while). */
  failReads = 0;
  constructor(...tables: OlapTableModel[]) {
    this.source = catalog('source', ...tables);
  }
  sourceTable(db: string, name: string): OlapTableModel {
    return this.source.databases.get(db)!.tables.get(name) as OlapTableModel;
  }
  targetTable(db: string, name: string): OlapTableModel | undefined {
    return this.target.databases.get(db)?.tables.get(name) as OlapTableModel | undefined;
  }
  /** The target's partition versions (aligned, as the daemon compares them), table by table: what the assertions compare. */
  versions(side: 'source' | 'target'): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [db, model] of this[side].databases) {
      for (const [name, t] of model.tables) if (t.kind === 'table') out[`${db}.${name}`] = Object.fromEntries(t.partitions.map((p) => [p.name, alignedVersion(p)]));
    }
    return out;
  }
  /** A load on the source: the partition's version goes up. */
  load(db: string, name: string, partitionName: string): void {
    const t = this.sourceTable(db, name);
    t.partitions = t.partitions.map((p) => (p.name === partitionName ? { ...p, visibleVersion: p.visibleVersion + 1 } : p));
  }
  /** What CREATE DATABASE, CREATE TABLE and DROP TABLE leave on the target; a new table has empty partitions at version 1. */
  runDdl(task: DdlTask): void {
    if (task.kind === 'create_database') this.target.databases.set(task.db, { name: task.db, tables: new Map() });
    else if (task.kind === 'create_table') {
      const source = this.sourceTable(task.db, task.table);
      this.target.databases.get(task.db)!.tables.set(task.table, { ...source, partitions: source.partitions.map((p) => replicated(p, 1)) });
    } else if (task.kind === 'drop_table') this.target.databases.get(task.db)!.tables.delete(task.table);
    else throw new Error(`the fake runs no ${task.kind}`);
  }
  /**
   * What a finished replication job leaves: the target partitions at the versions sent. A partition
   * with a data version moves both by the same step, its data version to the version sent.
   * StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/DatabaseTransactionMgr.java
   */
  replicate(db: string, name: string, versions: Readonly<Record<string, number>>): void {
    const t = this.targetTable(db, name)!;
    t.partitions = t.partitions.map((p): PartitionModel => {
      if (!(p.name in versions)) return p;
      const sent = versions[p.name]!;
      if (p.dataVersion === undefined) return { ...p, visibleVersion: sent, versionTxnType: 'TXN_REPLICATION' };
      return { ...p, visibleVersion: p.visibleVersion + (sent - p.dataVersion), dataVersion: sent, versionTxnType: 'TXN_REPLICATION' };
    });
  }
}

export const ABORT_REASON = 'download from source BE failed';
// The admission refusal of a target that runs one job at a time.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationMgr.java
export const BUSY_REASON = 'The replication jobs exceeds the replication_max_parallel_table_count: 1';

/**
 * A transport that sends every due job and finds it done at the next look, its data arrived;
 * `abortFirst` jobs are found aborted once instead, with the FE's reason; the first `busyFirst`
 * requests are refused as a busy target would refuse them.
 */
export function fakeTransport(clusters: FakeClusters, options: { abortFirst?: number; busyFirst?: number } = {}): Transport & { sent: number } {
  let toAbort = options.abortFirst ?? 0;
  let toRefuse = options.busyFirst ?? 0;
  const transport = {
    sent: 0,
    async observe(state: TrackerState, { now }: { now: number }) {
      let next = state;
      for (const job of state.jobs.filter((j) => j.status === 'sent' || j.status === 'running')) {
        const { db, table: name, sourceVersions } = job.candidate;
        if (toAbort > 0) {
          toAbort--;
          next = track(next, { type: 'observed', now, jobId: job.id, seen: { outcome: 'failed', phase: 'ABORTED', error: ABORT_REASON }, targetVersions: {} });
          continue;
        }
        clusters.replicate(db, name, sourceVersions);
        // As readPartitionVersions reads them: aligned.
        const targetVersions = Object.fromEntries(clusters.targetTable(db, name)!.partitions.map((p) => [p.name, alignedVersion(p)]));
        next = track(next, { type: 'observed', now, jobId: job.id, seen: { outcome: 'done', phase: 'COMMITTED' }, targetVersions });
      }
      return next;
    },
    async send(state: TrackerState, { now }: { now: number }) {
      let next = state;
      for (const job of nextToSend(state, 10, now)) {
        if (toRefuse > 0) {
          toRefuse--;
          next = track(next, { type: 'refused', now, jobId: job.id, message: BUSY_REASON });
          continue;
        }
        transport.sent++;
        // As the Thrift transport names its jobs: one id per attempt.
        next = track(next, { type: 'sent', now, jobId: job.id, remoteJobId: `fake-${job.id}-${job.failures}` });
      }
      return next;
    },
  };
  return transport;
}

export interface Harness {
  effects: LoopEffects;
  clock: { now: number };
  statuses: DaemonStatus[];
  saved: SyncState[];
  lines: { level: number; msg: string }[];
}

/** The loop's effects on the fake clusters; `onSleep` runs at each sleep (with the simulated time), and the loop waits for it. */
export function harness(
  clusters: FakeClusters,
  transport: Transport,
  onSleep: (now: number, control: LoopControl) => void | Promise<void> = () => undefined,
): Harness {
  const dir = scratchDir('sync-loop');
  const config = loadConfig({ conf: writeConf(dir, { ...MINIMAL_CLUSTERS }), hosts: join(dir, 'no-hosts') }).config;
  const clock = { now: START };
  const statuses: DaemonStatus[] = [];
  const saved: SyncState[] = [];
  const lines: Harness['lines'] = [];
  const control = new LoopControl();
  const reader = (side: 'source' | 'target') => ({
    async read() {
      if (clusters.failReads > 0) {
        clusters.failReads--;
        throw new Error(`connect ECONNREFUSED ${side} FE`);
      }
      // A copy, as a real read is: the plans must not see later changes of the fake.
      return { ...structuredClone(clusters[side]), readAt: clock.now };
    },
    capabilities: () => undefined,
  });
  const effects: LoopEffects = {
    running: new RunningConfig(config),
    readers: { source: reader('source'), target: reader('target') },
    async runDdl(batch) {
      for (const task of batch) clusters.runDdl(task);
      return { done: batch.length, completed: [...batch], failed: [] };
    },
    transport,
    clock: {
      now: () => clock.now,
      async sleep(ms) {
        clock.now += ms;
        await onSleep(clock.now, control);
      },
    },
    store: { readState: () => EMPTY_SYNC_STATE, writeState: (state) => saved.push(state), writeStatus: (status) => statuses.push(status) },
    clusters: () => ({ source: { fe: 'source-fe:9030', release: '3.3.9' }, target: { fe: 'target-fe:9030', release: '3.3.9' } }),
    control,
  };
  return { effects, clock, statuses, saved, lines };
}

export function logger(lines: Harness['lines']) {
  return pino({ base: null }, { write: (text: string) => lines.push(JSON.parse(text) as { level: number; msg: string }) });
}
