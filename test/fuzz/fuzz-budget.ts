// How long the fuzz properties run. `npm test` keeps them small (the whole fuzz set in seconds);
// `npm run fuzz` sets FUZZ_RUNS (e.g. 20000) for a long search. FUZZ_SEED replays one run: the seed
// is printed by `npm run fuzz` and by fast-check in every failure report.
import fc from 'fast-check';

const requested = Number(process.env.FUZZ_RUNS ?? '');
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 0x7fffffff);

/**
 * fast-check parameters for one property. `defaultRuns` is the `npm test` budget; `share` scales
 * FUZZ_RUNS down for properties that cost a TCP round trip or more per run, so a long search ends
 * in minutes rather than hours.
 */
export function budget(name: string, defaultRuns: number, share = 1): fc.Parameters<unknown> {
  const numRuns = Number.isInteger(requested) && requested > 0 ? Math.max(1, Math.round(requested * share)) : defaultRuns;
  if (process.env.FUZZ_RUNS !== undefined) process.stderr.write(`fuzz ${name}: ${numRuns} runs, seed ${seed}\n`);
  return { numRuns, seed, includeErrorInReport: true };
}
