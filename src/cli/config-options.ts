// The --conf / --hosts options shared by every command that reads the configuration, and the one
// way those commands load it and report problems.
import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { DEFAULT_PATHS } from './paths.js';

export interface ConfigOptions {
  conf: string;
  hosts?: string;
}

export function withConfigOptions(command: Command): Command {
  return command
    .option('--conf <file>', 'the sync configuration', DEFAULT_PATHS.conf)
    .option('--hosts <file>', `the address mapping (default: ${DEFAULT_PATHS.hosts}, optional)`);
}

/** The loaded configuration, or undefined after printing every problem to stderr. */
/** The configuration the command-line options name; throws ConfigError when it does not load. */
export function loadConfigOf(options: ConfigOptions): LoadedConfig {
  return loadConfig({ conf: options.conf, hosts: options.hosts ?? DEFAULT_PATHS.hosts }, { hostsFileRequired: options.hosts !== undefined });
}

export function loadFromOptions(options: ConfigOptions, report: (line: string) => void): LoadedConfig | undefined {
  try {
    return loadConfigOf(options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    report(error.message);
    return undefined;
  }
}
