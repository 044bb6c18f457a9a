// The frame of every command that talks to a running daemon's HTTP API: load the configuration
// the daemon runs with (--conf / --hosts), reach its API, and turn a failed call into its message
// on stderr and its exit code.
import { loadFromOptions, type ConfigOptions } from './config-options.js';
import { ApiCallError, daemonApiOf, type DaemonApi } from './daemon-api-client.js';
import { EXIT_CONFIG } from './exit-codes.js';

/** Runs `work` against the daemon's API and sets the exit code it returns, or the failed call's. */
export async function withDaemonApi(command: string, options: ConfigOptions, work: (api: DaemonApi) => Promise<number>): Promise<void> {
  const loaded = loadFromOptions(options, (line) => process.stderr.write(`${line}\n`));
  if (!loaded) {
    process.exitCode = EXIT_CONFIG;
    return;
  }
  try {
    process.exitCode = await work(daemonApiOf(loaded.config));
  } catch (error) {
    if (!(error instanceof ApiCallError)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
