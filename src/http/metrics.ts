// The daemon's Prometheus metrics (prom-client), named by Prometheus' conventions (base units,
// _total for counters, cluster_sync_ prefix). Gauges are read from the state the sync loop last
// published at each scrape; job and step durations are observed as the loop reports them. Lag
// per table is exported only for tables behind, so a cluster of many tables in sync costs nothing.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Side } from '../meta/catalog-model.js';
import type { LoopControl } from '../daemon/loop-control.js';
import type { LoopState } from '../daemon/loop-state.js';
import { countJobs } from '../replication/job-tracker.js';
import { lagByTable, summarizeLag, type LagSummary } from '../report/lag.js';
import { phaseOf, type Phase } from './views.js';

export interface MetricsSources {
  control: LoopControl;
  now(): number;
  /** SQL statements sent and failed so far, per cluster. */
  statements(): Record<Side, { sent: number; failed: number }>;
}

interface ScrapeLag {
  total: LagSummary;
  tables: { db: string; table: string; lag: LagSummary }[];
}

const PHASES: Phase[] = ['starting', 'initial copy', 'catching up', 'in sync', 'paused', 'blocked', 'stopped'];
const JOB_STATES = ['pending', 'sent', 'running', 'failed', 'unknown'] as const;

/**
 * A counter kept equal to a total the daemon counts itself (prom-client counters only go up by inc).
 * Each label set is exported from its first look on, at 0 if nothing happened yet: Prometheus'
 * increase() and rate() count nothing for a series' first sample, so a series that first appeared
 * at 3 would hide those 3 from an alert.
 */
function follow<L extends string>(counter: Counter<L>) {
  const seen = new Map<string, number>();
  return (value: number, labels: Partial<Record<L, string>> = {}) => {
    const key = JSON.stringify(labels);
    const before = seen.get(key) ?? 0;
    if (value > before || !seen.has(key)) counter.inc(labels, Math.max(0, value - before));
    seen.set(key, Math.max(before, value));
  };
}

export class DaemonMetrics {
  readonly registry = new Registry();
  /** Finished jobs already observed (the tracker's finished count when last looked at). */
  private observedFinishes = 0;
  /** The lag as of this scrape, worked out once for the five gauges that show it. */
  private lagOfScrape: ScrapeLag | undefined;

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    const state = (): LoopState | undefined => sources.control.latest;
    // The standard process_ and nodejs_ names, so stock dashboards for Node processes read them.
    // The event-loop delay is sampled every 100 ms, not every 10 ms (the library's default): at 10 ms
    // the sampling alone cost half a percent of a core, more than the rest of the API together.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
    // Gauges named like counters break Prometheus' conventions (promtool check metrics says so): left out.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(name);

    new Gauge({
      name: 'cluster_sync_phase',
      help: 'The phase of the sync: 1 for the current one.',
      labelNames: ['phase'],
      registers,
      collect() {
        const current = state() ? phaseOf(state()!, sources.control.hasEnded) : 'starting';
        for (const phase of PHASES) this.set({ phase }, phase === current ? 1 : 0);
      },
    });
    // The lag is worked out once per scrape (lagNow) for the gauges that show it.
    const lagNow = () => this.lagNow();
    const totalLag = (name: string, help: string, pick: (l: LagSummary) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(pick(lagNow().total));
        },
      });
    totalLag('cluster_sync_lag_seconds', 'Age of the oldest source version not yet on the target (to one meta round).', (l) => l.seconds);
    totalLag('cluster_sync_lag_bytes', 'Source data size of the partitions behind on the target.', (l) => l.bytes);
    totalLag('cluster_sync_lag_partitions', 'Partitions whose target version is behind the source.', (l) => l.partitions);
    const tableLag = (name: string, help: string, pick: (l: LagSummary) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['db', 'table'],
        registers,
        collect() {
          this.reset();
          for (const { db, table, lag } of lagNow().tables) this.set({ db, table }, pick(lag));
        },
      });
    tableLag('cluster_sync_table_lag_seconds', 'Per table behind: age of its oldest source version not yet on the target.', (l) => l.seconds);
    tableLag('cluster_sync_table_lag_bytes', 'Per table behind: source data size of its partitions behind.', (l) => l.bytes);
    new Gauge({
      name: 'cluster_sync_jobs',
      help: 'Replication jobs by state (finished ones are counted in cluster_sync_jobs_finished_total).',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = state() ? countJobs(state()!.tracker) : undefined;
        for (const s of JOB_STATES) this.set({ state: s }, counts ? counts[s === 'pending' ? 'jobPending' : s] : 0);
      },
    });
    new Gauge({
      name: 'cluster_sync_job_bytes',
      help: 'Source data size of the partitions of the replication jobs, by job state (finished: cluster_sync_replicated_bytes_total).',
      labelNames: ['state'],
      registers,
      collect() {
        const bytes = new Map<string, number>(JOB_STATES.map((s) => [s, 0]));
        for (const job of state()?.tracker.jobs ?? []) bytes.set(job.status, (bytes.get(job.status) ?? 0) + job.candidate.dataSize);
        for (const [s, value] of bytes) this.set({ state: s }, value);
      },
    });
    new Gauge({
      name: 'cluster_sync_ddl_pending',
      help: 'DDL statements planned on the target and not run yet.',
      registers,
      collect() {
        this.set(state()?.ddl.pending.length ?? 0);
      },
    });
    new Gauge({
      name: 'cluster_sync_paused',
      help: '1 when the whole daemon is paused.',
      registers,
      collect() {
        this.set(state()?.remembered.steering.pausedAll ? 1 : 0);
      },
    });
    new Gauge({
      name: 'cluster_sync_target_disk_used_ratio',
      help: 'Disk use of each target backend (0 to 1), as the last meta round read it.',
      labelNames: ['backend'],
      registers,
      collect() {
        this.reset();
        for (const be of state()?.catalogs?.target.backends ?? []) this.set({ backend: `${be.host}:${be.bePort}` }, be.usedPercent / 100);
      },
    });
    new Gauge({
      name: 'cluster_sync_cluster_up',
      help: '1 when the last catalogue read of the cluster worked.',
      labelNames: ['cluster'],
      registers,
      collect() {
        for (const side of ['source', 'target'] as const) this.set({ cluster: side }, state()?.reads[side].connected ? 1 : 0);
      },
    });
    /** A counter brought up to a total the daemon keeps, at each scrape. */
    const total = (name: string, help: string, value: () => number) => {
      const keep: (value: number) => void = follow(new Counter({ name, help, registers, collect: (): void => keep(value()) }));
    };
    total('cluster_sync_jobs_finished_total', 'Replication jobs finished (the target reached their versions).', () => state()?.tracker.finished ?? 0);
    total('cluster_sync_replicated_bytes_total', 'Source data size of the partitions finished jobs brought.', () => state()?.tracker.finishedBytes ?? 0);
    total('cluster_sync_meta_rounds_total', 'Meta rounds begun (catalogues read and diffed).', () => state()?.round ?? 0);
    const setbacks: (value: number, labels: { kind: string }) => void = follow(
      new Counter({
        name: 'cluster_sync_job_setbacks_total',
        help: 'Replication setbacks: jobs the target aborted (abort), requests refused with an error (refusal), requests refused by the FE admission limits (admission).',
        labelNames: ['kind'],
        registers,
        collect: (): void => {
          const total = state()?.jobFailures.total;
          if (!total) return;
          setbacks(total.aborts, { kind: 'abort' });
          setbacks(total.refusals, { kind: 'refusal' });
          setbacks(total.admissionRefusals, { kind: 'admission' });
        },
      }),
    );
    const perCluster = (name: string, help: string, value: (counts: { sent: number; failed: number }) => number) => {
      const keep: (value: number, labels: { cluster: string }) => void = follow(
        new Counter({
          name,
          help,
          labelNames: ['cluster'],
          registers,
          collect: (): void => {
            const counts = sources.statements();
            for (const side of ['source', 'target'] as const) keep(value(counts[side]), { cluster: side });
          },
        }),
      );
    };
    perCluster('cluster_sync_sql_statements_total', 'SQL statements sent, per cluster.', (c) => c.sent);
    perCluster('cluster_sync_sql_errors_total', 'SQL statements that failed, per cluster.', (c) => c.failed);
    const jobDuration = new Histogram({
      name: 'cluster_sync_job_duration_seconds',
      help: 'From sending a replication job to the target showing its versions.',
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
      registers,
    });
    const stepDuration = new Histogram({
      name: 'cluster_sync_step_duration_seconds',
      help: 'How long each step of the sync loop took.',
      labelNames: ['step'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    sources.control.observe({
      published: (s) => {
        // The completions are the last of tracker.finished jobs, in the order they finished.
        const { finished, completions } = s.tracker;
        completions.forEach((c, i) => {
          if (finished - completions.length + i + 1 > this.observedFinishes) jobDuration.observe(Math.max(0, (c.finishedAt - c.sentAt) / 1000));
        });
        this.observedFinishes = Math.max(this.observedFinishes, finished);
      },
      stepDone: (step, ms) => stepDuration.observe({ step }, ms / 1000),
    });
  }

  text(): Promise<string> {
    this.lagOfScrape = undefined;
    return this.registry.metrics();
  }

  private lagNow(): ScrapeLag {
    if (this.lagOfScrape) return this.lagOfScrape;
    const lag = this.sources.control.latest?.lag;
    const now = this.sources.now();
    this.lagOfScrape = {
      total: summarizeLag(lag?.values() ?? [], now),
      tables: [...lagByTable(lag ?? new Map()).values()].map((partitions) => ({ db: partitions[0]!.db, table: partitions[0]!.table, lag: summarizeLag(partitions, now) })),
    };
    return this.lagOfScrape;
  }
}
