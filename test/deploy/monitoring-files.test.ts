// The monitoring files shipped in deploy/: the Prometheus alert rules pass promtool's check and their
// promtool unit tests, every alert is tested both firing and quiet, the Grafana dashboard is valid
// JSON whose panels each have a datasource and a query, and every metric the rules and the
// dashboard read is one the daemon exports, with the labels and label values they match on. The
// exported names come from a real scrape: the daemon's metrics over a sync loop run with fakes
// (an abort, a table behind, a target backend), parsed by the Prometheus Python client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaemonMetrics } from '../../src/http/metrics.js';
import { runSyncLoop } from '../../src/daemon/sync-loop.js';
import { partition, table } from '../helpers/catalog-fixtures.js';
import { FakeClusters, fakeTransport, harness, logger, START } from '../helpers/fake-sync-loop.js';
import { parseExposition, promtoolMissing, pythonParserMissing, type Sample } from '../helpers/prometheus-text.js';
import { selectorsOf } from '../helpers/promql-names.js';
import { scratchDir } from '../helpers/scratch.js';

const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));
const RULES = join(DEPLOY, 'prometheus', 'cluster-sync-alerts.yml');
const RULE_TESTS = join(DEPLOY, 'prometheus', 'cluster-sync-alerts.test.yml');
const DASHBOARD = join(DEPLOY, 'grafana', 'cluster-sync-dashboard.json');

/** Prometheus' own series, not the daemon's. */
const PROMETHEUS_SERIES = new Set(['up']);
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = new Set(['job', 'instance']);

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('/usr/bin/promtool', args, { encoding: 'utf8', cwd: join(DEPLOY, 'prometheus') });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

/**
 * Each alert of the rules file with its expression. The file's own layout is read (a `- alert:`
 * entry, then `expr:` on one line or as an indented block), and the test compares the count with
 * promtool's, so a layout this misreads fails.
 */
function alertRules(text: string): { alert: string; expr: string }[] {
  const lines = text.split('\n');
  const rules: { alert: string; expr: string }[] = [];
  let alert: string | undefined;
  lines.forEach((line, i) => {
    const named = line.match(/^\s*- alert: (\S+)\s*$/);
    if (named) alert = named[1];
    const expr = line.match(/^(\s*)expr: (.*)$/);
    if (!expr || alert === undefined) return;
    let body = expr[2]!.trim();
    if (/^[>|][-+]?$/.test(body)) {
      const indent = expr[1]!.length;
      const block: string[] = [];
      for (const next of lines.slice(i + 1)) {
        if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
        block.push(next.trim());
      }
      body = block.join(' ').trim();
    }
    rules.push({ alert, expr: body });
    alert = undefined;
  });
  return rules;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; refId?: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}

interface Dashboard {
  __inputs: { name: string; type: string; pluginId: string }[];
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; query: { query: string } | string }[] };
}

const dashboard = (): Dashboard => JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;

/** Panels that show data (rows only group them), nested ones included. */
const dataPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => (p.type === 'row' ? dataPanels(p.panels ?? []) : [p]));

/** Every PromQL expression of the dashboard: the panels' queries and the metric selector of each label_values() variable. */
function dashboardExpressions(board: Dashboard): { where: string; expr: string }[] {
  const queries = dataPanels(board.panels).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel ${p.id} "${p.title}" query ${t.refId}`, expr: t.expr ?? '' })));
  const variables = board.templating.list.map((v) => {
    const query = typeof v.query === 'string' ? v.query : v.query.query;
    const selector = query.match(/^label_values\((.+),\s*[A-Za-z_]\w*\)$/)?.[1];
    return { where: `variable ${v.name}`, expr: selector ?? query };
  });
  return [...queries, ...variables];
}

/** The daemon's metrics scraped while a sync loop runs on fakes: one scrape while tables are behind, and the last. */
async function scrapeRunningDaemon(): Promise<Sample[]> {
  const clusters = new FakeClusters(table('shop', 'orders', [partition('p1', 5), partition('p2', 3)]), table('crm', 'users', [partition('p1', 7)]));
  clusters.target.backends = [{ id: 10001, host: 'target-be-1', bePort: 9060, httpPort: 8040, alive: true, decommissioned: false, usedPercent: 41.5 }];
  const stop = new AbortController();
  const texts: string[] = [];
  let metrics: DaemonMetrics | undefined;
  const h = harness(clusters, fakeTransport(clusters, { abortFirst: 1 }), async (now) => {
    texts.push(await metrics!.text());
    if (now - START >= 300_000) stop.abort();
  });
  metrics = new DaemonMetrics({
    control: h.effects.control,
    now: () => h.clock.now,
    statements: () => ({ source: { sent: 12, failed: 0 }, target: { sent: 30, failed: 1 } }),
  });
  await runSyncLoop(h.effects, logger(h.lines), { oneTime: false, signal: stop.signal });
  texts.push(await metrics.text());
  const behind = texts.find((t) => t.includes('\ncluster_sync_table_lag_seconds{'));
  assert.ok(behind, 'some scrape saw tables behind');
  return [...parseExposition(behind), ...parseExposition(texts.at(-1)!)];
}

test('promtool accepts the alert rules, and their unit tests pass', { skip: promtoolMissing() }, () => {
  const check = promtool('check', 'rules', RULES);
  assert.equal(check.status, 0, check.output);
  const found = Number(check.output.match(/SUCCESS: (\d+) rules found/)?.[1]);
  assert.equal(found, alertRules(readFileSync(RULES, 'utf8')).length, `promtool and this test read the same alerts:\n${check.output}`);
  const unit = promtool('test', 'rules', RULE_TESTS);
  assert.equal(unit.status, 0, unit.output);
  assert.match(unit.output, /SUCCESS/);
});

test('every alert is tested both firing and quiet', () => {
  const alerts = alertRules(readFileSync(RULES, 'utf8')).map((r) => r.alert);
  assert.ok(alerts.length >= 8, `found only ${alerts.length} alerts: the reader is wrong`);
  const tests = readFileSync(RULE_TESTS, 'utf8');
  const cases = [...tests.matchAll(/alertname: (\w+)\s*\n\s*exp_alerts:( \[\])?/g)].map((m) => ({ alert: m[1]!, fires: m[2] === undefined }));
  for (const alert of alerts) {
    assert.ok(cases.some((c) => c.alert === alert && c.fires), `${alert} has a test where it fires`);
    assert.ok(cases.some((c) => c.alert === alert && !c.fires), `${alert} has a test where it stays quiet`);
  }
  assert.deepEqual(cases.filter((c) => !alerts.includes(c.alert)), [], 'tests name only alerts of the rules file');
});

test('the dashboard is valid JSON, imports with any Prometheus, and each panel has a datasource and a query', () => {
  const board = dashboard();
  assert.ok(board.schemaVersion >= 36, `schemaVersion ${board.schemaVersion}`);
  assert.deepEqual(
    board.__inputs.map((i) => [i.name, i.type, i.pluginId]),
    [['DS_PROMETHEUS', 'datasource', 'prometheus']],
  );
  const panels = dataPanels(board.panels);
  assert.ok(panels.length >= 15, `found only ${panels.length} panels`);
  assert.equal(new Set(board.panels.map((p) => p.id)).size, board.panels.length, 'panel ids are unique');
  for (const panel of panels) {
    assert.equal(panel.datasource?.uid, '${DS_PROMETHEUS}', `panel ${panel.id} "${panel.title}" reads the imported datasource`);
    assert.ok((panel.targets ?? []).length > 0, `panel ${panel.id} "${panel.title}" has a query`);
    for (const target of panel.targets!) assert.ok(target.expr?.trim(), `panel ${panel.id} "${panel.title}" query ${target.refId} has an expression`);
  }
});

test('promtool parses every expression of the dashboard', { skip: promtoolMissing() }, () => {
  // As recording rules, with the dashboard's variables given values, so Prometheus' own parser reads them.
  const rules = dashboardExpressions(dashboard()).map(({ expr }, i) => {
    const concrete = expr.replaceAll('$__rate_interval', '5m').replace(/\$\w+/g, '.*');
    return `      - record: dashboard_expression_${i}\n        expr: ${JSON.stringify(concrete)}`;
  });
  const file = join(scratchDir('dashboard-rules'), 'dashboard-expressions.yml');
  writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
  const check = promtool('check', 'rules', file);
  assert.equal(check.status, 0, check.output);
  assert.match(check.output, new RegExp(`SUCCESS: ${rules.length} rules found`));
});

test('the rules and the dashboard read only metrics the daemon exports, with its labels and label values', { skip: pythonParserMissing() }, async () => {
  const samples = await scrapeRunningDaemon();
  const exported = new Map<string, Sample[]>();
  for (const s of samples) exported.set(s.name, [...(exported.get(s.name) ?? []), s]);
  // The scrape itself holds what the files need: a table behind, a target backend, the setbacks by kind, the step histograms.
  for (const name of ['cluster_sync_table_lag_seconds', 'cluster_sync_target_disk_used_ratio', 'cluster_sync_job_setbacks_total', 'cluster_sync_step_duration_seconds_bucket']) {
    assert.ok(exported.has(name), `the scrape has ${name}`);
  }

  const expressions = [
    ...alertRules(readFileSync(RULES, 'utf8')).map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
    ...dashboardExpressions(dashboard()),
  ];
  const problems: string[] = [];
  for (const { where, expr } of expressions) {
    const selectors = selectorsOf(expr);
    if (selectors.length === 0) problems.push(`${where}: no metric found in ${expr}`);
    for (const { metric, matchers } of selectors) {
      if (PROMETHEUS_SERIES.has(metric)) continue;
      const series = exported.get(metric);
      if (!series) {
        problems.push(`${where}: ${metric} is not exported`);
        continue;
      }
      for (const { label, op, value } of matchers) {
        if (TARGET_LABELS.has(label)) continue;
        if (!series.some((s) => label in s.labels)) {
          problems.push(`${where}: ${metric} has no label ${label}`);
          continue;
        }
        // Fixed values (phase="blocked", kind=~"abort|refusal") must be values the daemon exports.
        const wanted = op === '=' ? [value] : op === '=~' && /^[\w ]+(\|[\w ]+)*$/.test(value) ? value.split('|') : [];
        for (const v of wanted) if (!series.some((s) => s.labels[label] === v)) problems.push(`${where}: ${metric} never has ${label}="${v}"`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
