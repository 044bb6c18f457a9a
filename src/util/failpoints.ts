// Failpoints: named places in the daemon where a test can make it crash or stall, to prove that a
// daemon killed (or frozen) at the worst moment recovers on its restart. Off unless the environment
// variable CLUSTER_SYNC_FAILPOINTS names them, e.g.
//   CLUSTER_SYNC_FAILPOINTS="ddl_after_statement=crash@2,replication_after_send=stall:3000"
// Actions: crash (SIGKILL of the daemon itself: no cleanup, no final report, as a power cut),
// crash@N (at the Nth time the point is reached), stall:MS (the whole daemon blocks MS
// milliseconds: no timers, no I/O, as a process stopped by the scheduler). A bad value refuses
// the start with what was expected.
export const FAILPOINTS = {
  ddl_after_statement: 'after a DDL statement has run on the target, before the daemon records it',
  replication_after_send: 'after the target FE accepted a replication request, before the daemon records the job',
  report_mid: 'in the middle of a progress report (after its first line is logged)',
  config_mid_reload: 'in the middle of a configuration reload (the files read, nothing applied yet)',
} as const;

export type FailpointName = keyof typeof FAILPOINTS;

type Action = { kind: 'crash'; at: number } | { kind: 'stall'; ms: number };

export const FAILPOINTS_VARIABLE = 'CLUSTER_SYNC_FAILPOINTS';

export function parseFailpoints(text: string | undefined): Map<FailpointName, Action> {
  const points = new Map<FailpointName, Action>();
  for (const item of (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [name, action] = item.split('=', 2).map((s) => s.trim());
    if (!name || !(name in FAILPOINTS)) throw new Error(`${FAILPOINTS_VARIABLE}: unknown failpoint '${name}': expected one of ${Object.keys(FAILPOINTS).join(', ')}`);
    const crash = /^crash(?:@([1-9]\d*))?$/.exec(action ?? '');
    const stall = /^stall:([1-9]\d*)$/.exec(action ?? '');
    if (crash) points.set(name as FailpointName, { kind: 'crash', at: Number(crash[1] ?? 1) });
    else if (stall) points.set(name as FailpointName, { kind: 'stall', ms: Number(stall[1]) });
    else throw new Error(`${FAILPOINTS_VARIABLE}: failpoint ${name} has action '${action ?? ''}': expected crash, crash@N or stall:MS`);
  }
  return points;
}

let active: Map<FailpointName, Action> | undefined;
const reached = new Map<FailpointName, number>();

/** Reads the variable (once); throws on a bad value. The daemon calls it at its start. */
export function activeFailpoints(): Map<FailpointName, Action> {
  active ??= parseFailpoints(process.env[FAILPOINTS_VARIABLE]);
  return active;
}

/** Does what the named failpoint says, if anything. */
export function failpoint(name: FailpointName): void {
  const action = activeFailpoints().get(name);
  if (!action) return;
  const count = (reached.get(name) ?? 0) + 1;
  reached.set(name, count);
  if (action.kind === 'stall') {
    process.stderr.write(`failpoint ${name}: stalling ${action.ms} ms\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, action.ms);
    return;
  }
  if (count !== action.at) return;
  process.stderr.write(`failpoint ${name}: crashing (SIGKILL)\n`);
  process.kill(process.pid, 'SIGKILL');
}
