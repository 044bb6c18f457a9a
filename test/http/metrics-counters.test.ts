// The labelled counters of /metrics (setbacks by kind, SQL statements and errors per cluster) are
// exported at 0 before anything happened: Prometheus' increase() and rate() ignore a series' first
// sample, so a series born at its first setback would hide it from the alert rules
// (deploy/prometheus/cluster-sync-alerts.yml). Read with the Python client's parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DaemonMetrics } from '../../src/http/metrics.js';
import { LoopControl } from '../../src/daemon/loop-control.js';
import { initialLoopState } from '../../src/daemon/loop-state.js';
import { EMPTY_SYNC_STATE } from '../../src/daemon/sync-state-file.js';
import { loadConfig } from '../../src/config/load-config.js';
import { MINIMAL_CLUSTERS, writeConf } from '../helpers/config-files.js';
import { scratchDir } from '../helpers/scratch.js';
import { parseExposition, pythonParserMissing, sampleValue } from '../helpers/prometheus-text.js';
import { track } from '../../src/replication/job-tracker.js';

test('labelled counters start at 0 and then follow the daemon\'s own totals', { skip: pythonParserMissing() }, async () => {
  const dir = scratchDir('metrics-counters');
  const config = loadConfig({ conf: writeConf(dir, { ...MINIMAL_CLUSTERS }), hosts: join(dir, 'no-hosts') }).config;
  const control = new LoopControl();
  const statements = { source: { sent: 0, failed: 0 }, target: { sent: 0, failed: 0 } };
  const metrics = new DaemonMetrics({ control, now: () => Date.now(), statements: () => structuredClone(statements) });
  const state = initialLoopState(config, EMPTY_SYNC_STATE);
  control.publish(state);

  const first = parseExposition(await metrics.text());
  for (const kind of ['abort', 'refusal', 'admission']) assert.equal(sampleValue(first, 'cluster_sync_job_setbacks_total', { kind }), 0, `setbacks of kind ${kind}`);
  for (const cluster of ['source', 'target']) {
    assert.equal(sampleValue(first, 'cluster_sync_sql_statements_total', { cluster }), 0, `statements to the ${cluster}`);
    assert.equal(sampleValue(first, 'cluster_sync_sql_errors_total', { cluster }), 0, `errors of the ${cluster}`);
  }

  control.publish({ ...state, jobFailures: { ...state.jobFailures, total: { aborts: 2, refusals: 0, admissionRefusals: 1 } } });
  statements.target = { sent: 9, failed: 1 };
  const second = parseExposition(await metrics.text());
  assert.equal(sampleValue(second, 'cluster_sync_job_setbacks_total', { kind: 'abort' }), 2);
  assert.equal(sampleValue(second, 'cluster_sync_job_setbacks_total', { kind: 'refusal' }), 0);
  assert.equal(sampleValue(second, 'cluster_sync_job_setbacks_total', { kind: 'admission' }), 1);
  assert.equal(sampleValue(second, 'cluster_sync_sql_statements_total', { cluster: 'target' }), 9);
  assert.equal(sampleValue(second, 'cluster_sync_sql_errors_total', { cluster: 'target' }), 1);
  assert.equal(sampleValue(second, 'cluster_sync_sql_errors_total', { cluster: 'source' }), 0);
});

test('jobs and their bytes by state, as the tracker holds them', { skip: pythonParserMissing() }, async () => {
  const dir = scratchDir('metrics-jobs');
  const config = loadConfig({ conf: writeConf(dir, { ...MINIMAL_CLUSTERS }), hosts: join(dir, 'no-hosts') }).config;
  const control = new LoopControl();
  const metrics = new DaemonMetrics({ control, now: () => Date.now(), statements: () => ({ source: { sent: 0, failed: 0 }, target: { sent: 0, failed: 0 } }) });
  const state = initialLoopState(config, EMPTY_SYNC_STATE);
  const candidate = (table: string, dataSize: number) => ({ db: 'shop', table, partitions: ['p1'], dataSize, sourceVersions: { p1: 2 } });
  let tracker = track(state.tracker, { type: 'planned', now: 1, candidates: [candidate('a', 100), candidate('b', 250), candidate('c', 1000)] });
  tracker = track(tracker, { type: 'sent', now: 2, jobId: 3 });
  control.publish({ ...state, tracker });
  const samples = parseExposition(await metrics.text());
  assert.equal(sampleValue(samples, 'cluster_sync_jobs', { state: 'pending' }), 2);
  assert.equal(sampleValue(samples, 'cluster_sync_jobs', { state: 'sent' }), 1);
  assert.equal(sampleValue(samples, 'cluster_sync_job_bytes', { state: 'pending' }), 350);
  assert.equal(sampleValue(samples, 'cluster_sync_job_bytes', { state: 'sent' }), 1000);
  assert.equal(sampleValue(samples, 'cluster_sync_job_bytes', { state: 'running' }), 0);
});

test('the lag gauges show the state of each scrape, in total and per table behind', { skip: pythonParserMissing() }, async () => {
  const dir = scratchDir('metrics-lag');
  const config = loadConfig({ conf: writeConf(dir, { ...MINIMAL_CLUSTERS }), hosts: join(dir, 'no-hosts') }).config;
  const control = new LoopControl();
  let now = 1_700_000_060_000;
  const metrics = new DaemonMetrics({ control, now: () => now, statements: () => ({ source: { sent: 0, failed: 0 }, target: { sent: 0, failed: 0 } }) });
  const state = initialLoopState(config, EMPTY_SYNC_STATE);
  const behind = { db: 'shop', table: 'orders', partition: 'p1', sightings: [{ version: 5, at: now - 60_000 }], bytes: 4096, sourceVersion: 5, targetVersion: 4 };
  control.publish({ ...state, lag: new Map([['p1', behind]]) });
  const first = parseExposition(await metrics.text());
  assert.equal(sampleValue(first, 'cluster_sync_lag_seconds'), 60);
  assert.equal(sampleValue(first, 'cluster_sync_lag_bytes'), 4096);
  assert.equal(sampleValue(first, 'cluster_sync_lag_partitions'), 1);
  assert.equal(sampleValue(first, 'cluster_sync_table_lag_seconds', { db: 'shop', table: 'orders' }), 60);
  assert.equal(sampleValue(first, 'cluster_sync_table_lag_bytes', { db: 'shop', table: 'orders' }), 4096);
  now += 30_000;
  assert.equal(sampleValue(parseExposition(await metrics.text()), 'cluster_sync_lag_seconds'), 90, 'the next scrape counts from its own time');
  control.publish({ ...state, lag: new Map() });
  const caughtUp = parseExposition(await metrics.text());
  assert.equal(sampleValue(caughtUp, 'cluster_sync_lag_seconds'), 0);
  assert.equal(sampleValue(caughtUp, 'cluster_sync_table_lag_seconds', { db: 'shop', table: 'orders' }), undefined, 'a table caught up leaves the per-table gauges');
});
