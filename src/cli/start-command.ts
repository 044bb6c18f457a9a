// cluster-sync start: the daemon in the foreground (bin/start.sh runs it in the background).
import { activeFailpoints, FAILPOINTS } from '../util/failpoints.js';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Level } from 'pino';
import { createLogging } from '../log/logger.js';
import { runDaemon } from '../daemon/daemon.js';
import { RunningConfig } from '../config/running-config.js';
import { configRereader } from '../config/config-reread.js';
import { withConfigOptions, loadConfigOf, loadFromOptions, type ConfigOptions } from './config-options.js';
import { DEFAULT_PATHS } from './paths.js';
import { daemonExitCode, EXIT_CONFIG, EXIT_FAILURE } from './exit-codes.js';

interface StartOptions extends ConfigOptions {
  once?: boolean;
  logDir: string;
  logLevel: Level;
  logMaxSizeMb: number;
  logKeep: number;
  connectAttempts: number;
}

function positiveInt(name: string, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max) throw new InvalidArgumentError(`${name}: expected an integer from 1 to ${max}`);
    return n;
  };
}

function logLevel(value: string): Level {
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  if (!levels.includes(value)) throw new InvalidArgumentError(`expected one of ${levels.join(', ')}`);
  return value as Level;
}

export function addStartCommand(program: Command): void {
  withConfigOptions(
    program
      .command('start')
      .description(
        'Run the sync daemon in the foreground: read both clusters, create what the target lacks, replicate ' +
          'data until the target matches the source, report progress in <log-dir>/sync.INFO.log. Stops on SIGTERM or SIGINT.',
      ),
  )
    .option('--once', 'one-time run: sync every selected table once, then exit (overrides one_time_run_mode)')
    .option('--log-dir <dir>', 'where sync.INFO.log and sync.WARN.log are written', DEFAULT_PATHS.logDir)
    .option('--log-level <level>', 'lowest level logged: trace, debug, info, warn, error, fatal', logLevel, 'info')
    .option('--log-max-size-mb <mb>', 'rotate a log file when it reaches this size', positiveInt('--log-max-size-mb', 1_000_000), 256)
    .option('--log-keep <n>', 'rotated files kept per log', positiveInt('--log-keep', 1000), 10)
    .option(
      '--connect-attempts <n>',
      'one-time mode: attempts to reach each cluster before giving up (continuous mode retries forever)',
      positiveInt('--connect-attempts', 1000),
      6,
    )
    .action(async (options: StartOptions) => {
      const logging = createLogging({
        dir: options.logDir,
        level: options.logLevel,
        rotation: { maxBytes: options.logMaxSizeMb * 1024 * 1024, keep: options.logKeep },
      });
      const log = logging.logger.child({ component: 'main' });
      const loaded = loadFromOptions(options, (message) => {
        log.error(message);
        process.stderr.write(`${message}\n`);
      });
      if (!loaded) {
        logging.close();
        process.exitCode = EXIT_CONFIG;
        return;
      }
      logging.scrubber.add(loaded.secrets);
      for (const warning of loaded.warnings) log.warn(warning);
      try {
        const points = activeFailpoints();
        for (const [name, action] of points) log.warn(`failpoint ${name} is armed (${action.kind === 'crash' ? `crash at hit ${action.at}` : `stall ${action.ms} ms`}): ${FAILPOINTS[name]}`);
      } catch (error) {
        log.error((error as Error).message);
        process.stderr.write(`${(error as Error).message}\n`);
        logging.close();
        process.exitCode = EXIT_CONFIG;
        return;
      }

      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        log.info(`received ${signal}; stopping`);
        stop.abort();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      process.on('uncaughtException', (error) => {
        log.fatal({ err: error }, 'unexpected error; exiting');
        logging.close();
        process.exit(EXIT_FAILURE);
      });

      const oneTime = options.once === true || loaded.config.settings.one_time_run_mode;
      const reread = configRereader(
        () => loadConfigOf(options),
        log,
        (secrets) => logging.scrubber.add(secrets),
      );
      const outcome = await runDaemon(new RunningConfig(loaded.config, reread), logging.logger, {
        oneTime,
        signal: stop.signal,
        oneTimeConnectAttempts: options.connectAttempts,
        logDir: options.logDir,
      });
      const code = daemonExitCode(outcome);
      log.info(`stopped with exit code ${code}`);
      logging.close();
      // Exit explicitly: a half-open socket to an unreachable FE must not keep the process alive.
      process.exit(code);
    });
}
