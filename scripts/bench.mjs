// npm run bench [-- --full] [-- --soak MINUTES] [-- <name> ...]: builds, then runs each benchmark in bench/ as its own
// process against the compiled engine, quick sizes by default (a few minutes in all), the sizes
// the targets are set for with --full. Each writes bench/results/<name>.json and prints its table.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const full = args.includes('--full');
const soakAt = args.indexOf('--soak');
/** --soak MINUTES: the soak runs only when asked for, for that long. */
const soakMinutes = soakAt >= 0 ? (args[soakAt + 1] ?? '10') : undefined;
// Without --soak, soakAt + 1 is 0: the first name given must not be taken for the soak's minutes.
const only = args.filter((a, i) => !a.startsWith('--') && (soakAt < 0 || i !== soakAt + 1));

/** Per benchmark: its arguments in quick and in full mode. */
const SIZES = {
  'stream-load': { quick: ['--gib', '0.1'], full: ['--gib', '1'] },
  // 0.5 GiB of CSV becomes ~0.5 GiB of rowsets per replica: ~1.5 GiB replicated to 3 target replicas.
  replication: { quick: ['--gib', '0.05'], full: ['--gib', '0.5'] },
  // 1 GiB of CSV over 50 tables is ~3.1 GB on the source's disks (3 replicas), one bucket per
  // partition: 300 replica files of ~10 MB, a hundredth of the 1-10 GB per bucket StarRocks'
  // bucketing guide recommends. Much smaller replicas measure the per-replica protocol more than
  // the transfer (README, Performance); `--gib 0.35 --buckets 3` is that case.
  'full-sync': { quick: ['--gib', '0.03', '--tables', '10'], full: ['--gib', '1', '--tables', '50', '--buckets', '1'] },
  // One replica per source tablet: the rowset files are the bytes the shared-data target keeps once.
  // Quick: ~64 MB in about 40 s in all.
  'shared-data-sync': { quick: ['--mb', '64'], full: ['--mb', '1024', '--tables', '16'] },
  // 1.2 GiB of CSV becomes a little over 1 GiB of rowsets: what the backup uploads and the restore downloads.
  'backup-restore': { quick: ['--gib', '0.05'], full: ['--gib', '1.2'] },
  // Partitions on each of source and target (tables of 50); the catalogue grows through each size.
  'metadata-scale': { quick: ['--partitions', '1000,10000'], full: ['--partitions', '1000,10000,100000'] },
  // The target is set at 10,000 partitions; longer phases in full mode make the CPU figures steadier.
  'http-overhead': { quick: ['--partitions', '10000', '--window', '60'], full: ['--partitions', '10000', '--window', '180'] },
};

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const names = readdirSync(new URL('../bench', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => only.length === 0 || only.includes(name))
  .filter((name) => name !== 'soak' || soakMinutes !== undefined);
let failed = 0;
for (const name of names) {
  const size = name === 'soak' ? { quick: ['--soak', soakMinutes], full: ['--soak', soakMinutes] } : (SIZES[name] ?? { quick: [], full: [] });
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...(full ? size.full : size.quick)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`benchmark ${name} failed (exit ${result.status})`);
  }
}
spawnSync(process.execPath, ['--import', 'tsx', 'bench/lib/summary.ts', ...names], { cwd: root, stdio: 'inherit' });
process.exit(failed > 0 ? 1 : 0);
