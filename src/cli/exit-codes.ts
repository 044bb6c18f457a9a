// Process exit codes, documented in the README for scripts that run cluster-sync.
export const EXIT_OK = 0;
/** The work could not be finished (clusters unreachable in one-time mode, tables left unsynced). */
export const EXIT_FAILURE = 1;
/** Bad configuration or command line: nothing was touched. */
export const EXIT_CONFIG = 2;
/** The request is valid but this version cannot carry it out. */
export const EXIT_UNSUPPORTED = 3;
/** The running daemon refused the request (an unknown database or table, a conflict with what it is doing). */
export const EXIT_REFUSED = 4;

/** A daemon run's exit code: 0 when stopped or done, 1 when a one-time run could not finish. */
export function daemonExitCode(outcome: { kind: 'stopped' | 'done' | 'failed' }): number {
  return outcome.kind === 'failed' ? EXIT_FAILURE : EXIT_OK;
}
