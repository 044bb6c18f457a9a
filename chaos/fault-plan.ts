// Which faults a chaos run injects and when: drawn from a seeded sequence, so a run is repeated
// exactly by its seed. Pure: the seed, the run's length and the mix in; the timed faults out.
import { SeededRandom } from './seeded-random.js';

export const FAULT_KINDS = [
  'kill-daemon',
  'kill-source-be',
  'kill-target-be',
  'kill-source-fe',
  'kill-target-fe',
  'cut-source-be',
  'fill-target-disk',
  'bad-config',
  'narrow-include',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface PlannedFault {
  /** Milliseconds from the start of the run. */
  atMs: number;
  kind: FaultKind;
  /** Which node of its kind (a BE index); 0 where there is one. */
  node: number;
  /** How long a cut, a full disk or a bad edit lasts, or how long a killed node stays down. */
  holdMs: number;
}

export interface FaultPlanOptions {
  seed: number;
  /** Faults are drawn until this much of the run has passed. */
  durationMs: number;
  /** Mean gap between two faults. */
  meanGapMs: number;
  /** Relative weights; a kind left out is never drawn. */
  weights: Partial<Record<FaultKind, number>>;
  backendsPerCluster: number;
}

/** The daemon is the component restarted most (the proof asks for 5 daemon kills per node kill). */
export const DEFAULT_WEIGHTS: Record<FaultKind, number> = {
  'kill-daemon': 5,
  'kill-source-be': 1,
  'kill-target-be': 1,
  'kill-source-fe': 1,
  'kill-target-fe': 1,
  'cut-source-be': 1,
  'fill-target-disk': 0.5,
  'bad-config': 0.5,
  'narrow-include': 0.5,
};

export function planFaults(options: FaultPlanOptions): PlannedFault[] {
  const random = new SeededRandom(options.seed);
  const kinds = FAULT_KINDS.filter((k) => (options.weights[k] ?? 0) > 0);
  if (kinds.length === 0) return [];
  const total = kinds.reduce((sum, k) => sum + options.weights[k]!, 0);
  const draw = (): FaultKind => {
    let x = random.next() * total;
    for (const k of kinds) if ((x -= options.weights[k]!) < 0) return k;
    return kinds.at(-1)!;
  };
  const faults: PlannedFault[] = [];
  // Gaps between half and one and a half times the mean: never two faults at the same moment.
  for (let at = Math.round(options.meanGapMs * (0.5 + random.next())); at < options.durationMs; at += Math.round(options.meanGapMs * (0.5 + random.next()))) {
    const kind = draw();
    const node = kind === 'kill-source-be' || kind === 'kill-target-be' || kind === 'cut-source-be' || kind === 'fill-target-disk' ? random.int(0, options.backendsPerCluster - 1) : 0;
    faults.push({ atMs: at, kind, node, holdMs: random.int(500, Math.max(500, Math.round(options.meanGapMs * 0.6))) });
  }
  return faults;
}

/** Faults per kind, for the summary. */
export function countByKind(faults: readonly { kind: FaultKind }[]): Record<FaultKind, number> {
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  for (const f of faults) counts[f.kind]++;
  return counts;
}
