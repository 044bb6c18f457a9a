// npm test: every test/**/*.test.ts through node's test runner (with tsx), then the checks that
// read what the whole suite left behind (e.g. no password in any log file). Node 20 does not
// expand globs itself, so the file list is built here and is never empty.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// --versions: the whole StarRocks version matrix (test/versions/all/*.versions.ts) instead of the suite.
const versions = process.argv.includes('--versions');
const filter = process.argv.slice(2).filter((arg) => arg !== '--versions');

function findFiles(dir, suffix) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findFiles(path, suffix));
    else if (name.endsWith(suffix)) found.push(relative(root, path));
  }
  return found;
}

const tests = findFiles(join(root, 'test'), versions ? '.versions.ts' : '.test.ts').filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)));
const finals = filter.length === 0 ? findFiles(join(root, 'test'), '.final.ts') : [];
if (tests.length === 0) {
  console.error(`no test files matched ${filter.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}

// Every test writes its files (logs, data directories) below this folder, so the final checks can
// read all of them, and nothing is left behind on success.
const scratch = mkdtempSync(join(tmpdir(), 'cluster-sync-tests-'));
const env = { ...process.env, CLUSTER_SYNC_TEST_TMP: scratch };

const SUMMARY_KEYS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo', 'duration_ms'];

function run(files, extra = []) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-timeout=300000', ...extra, ...files],
    { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 },
  );
  const out = result.stdout;
  const plan = [...out.matchAll(/^1\.\.(\d+)$/gm)].at(-1);
  const summary = Object.fromEntries(SUMMARY_KEYS.map((k) => [k, Number(out.match(new RegExp(`^# ${k} ([\\d.]+)$`, 'm'))?.[1] ?? 0)]));
  return { status: result.status ?? 1, body: plan ? out.slice(0, plan.index) : out, planned: Number(plan?.[1] ?? 0), summary };
}

// The suite's own tests, then the final checks; printed as one TAP stream with one summary, so the
// output ends with the totals of both.
const main = run(tests, ['--test-concurrency=3']);
const last = finals.length > 0 ? run(finals) : undefined;
let body = main.body;
let planned = main.planned;
if (last) {
  const renumbered = last.body
    .replace(/^TAP version \d+\n/, '')
    .replace(/^(not ok|ok) (\d+)/gm, (_, verdict, n) => `${verdict} ${Number(n) + main.planned}`);
  body += renumbered;
  planned += last.planned;
}
process.stdout.write(body + `1..${planned}\n`);
for (const key of SUMMARY_KEYS) {
  const total = main.summary[key] + (last?.summary[key] ?? 0);
  process.stdout.write(`# ${key} ${key === 'duration_ms' ? total.toFixed(0) : total}\n`);
}
const failed = main.status !== 0 || (last !== undefined && last.status !== 0);
if (!failed) rmSync(scratch, { recursive: true, force: true });
else console.error(`test files kept in ${scratch}`);
// exitCode, not exit(): a pipe (`npm test | tail`) must still receive the whole report, summary last.
process.exitCode = failed ? 1 : 0;
