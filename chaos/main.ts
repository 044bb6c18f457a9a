// npm run chaos [-- --minutes N] [--seed S] [--gap-seconds G] [--dir D]
// A chaos run (chaos-run.ts): prints one line per fault and a summary, and exits 1 on any loss,
// duplicate, crash or non-convergence, naming the seed that reproduces it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChaos } from './chaos-run.js';
import { FAULT_KINDS } from './fault-plan.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function number(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`${name}: expected a positive number, got '${text}'\n`);
    process.exit(2);
  }
  return value;
}

const minutes = number('--minutes', 3);
const seed = Math.floor(number('--seed', Math.floor(Math.random() * 1_000_000) + 1));
const gapSeconds = number('--gap-seconds', 6);
const dir = option('--dir') ?? mkdtempSync(join(tmpdir(), 'cluster-sync-chaos-'));

const result = await runChaos({ seed, durationMs: minutes * 60_000, meanGapMs: gapSeconds * 1000, dir });
const faults = FAULT_KINDS.filter((k) => result.faults[k] > 0).map((k) => `${k} ${result.faults[k]}`).join(', ');
process.stdout.write(
  [
    '',
    `seed ${result.seed}: ${Object.values(result.faults).reduce((a, b) => a + b, 0)} faults survived (${faults})`,
    `converged ${result.convergeSeconds === null ? 'never' : `${result.convergeSeconds.toFixed(1)} s after the last fault`}`,
    `${result.batches} batches loaded (${result.loaderRetries} retries), ${result.rowsCompared} target rows compared row by row with the source`,
    result.ok ? 'OK: nothing lost, nothing applied twice, no partition ahead, no daemon crash' : `FAILED (reproduce with --seed ${result.seed}):\n${result.problems.map((p) => `  - ${p}`).join('\n')}`,
    `files: ${dir}`,
    '',
  ].join('\n'),
);
process.exitCode = result.ok ? 0 : 1;
