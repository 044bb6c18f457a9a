// npm run bench [-- --full] [-- <name> ...]: builds, then runs each benchmark in bench/ as its own
// process against the compiled engine, quick sizes by default (a few minutes in all), the sizes
// the targets are set for with --full. Each writes bench/results/<name>.json and prints its table.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const full = args.includes('--full');
const only = args.filter((a) => !a.startsWith('--'));

/** Per benchmark: its arguments in quick and in full mode. */
const SIZES = {
  'stream-load': { quick: ['--gib', '0.1'], full: ['--gib', '1'] },
  // 0.5 GiB of CSV becomes ~0.5 GiB of rowsets per replica: ~1.5 GiB replicated to 3 target replicas.
  replication: { quick: ['--gib', '0.05'], full: ['--gib', '0.5'] },
};

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const names = readdirSync(new URL('../bench', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => only.length === 0 || only.includes(name));
let failed = 0;
for (const name of names) {
  const size = SIZES[name] ?? { quick: [], full: [] };
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...(full ? size.full : size.quick)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`benchmark ${name} failed (exit ${result.status})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
