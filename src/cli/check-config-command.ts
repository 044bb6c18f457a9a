// cluster-sync check-config: validates the configuration and prints the effective values (secrets
// masked), touching no cluster.
import type { Command } from 'commander';
import { describeSettings } from '../config/load-config.js';
import { withConfigOptions, loadFromOptions, type ConfigOptions } from './config-options.js';
import { EXIT_CONFIG, EXIT_OK } from './exit-codes.js';

export function addCheckConfigCommand(program: Command): void {
  withConfigOptions(
    program
      .command('check-config')
      .description('Validate conf/sync.properties and conf/hosts.properties and print the effective configuration, secrets masked. Connects to nothing.'),
  ).action((options: ConfigOptions) => {
    const loaded = loadFromOptions(options, (line) => process.stderr.write(`${line}\n`));
    if (!loaded) {
      process.exitCode = EXIT_CONFIG;
      return;
    }
    for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
    const { config } = loaded;
    const out = [`# ${config.files.conf}`, ...describeSettings(config.settings), `# ${config.files.hosts}`];
    for (const side of ['source', 'target'] as const) {
      for (const [host, rule] of config.hosts[side]) {
        const ports = [...rule.ports].map(([from, to]) => `${from}:${to}`).join(',');
        out.push(`${side.toUpperCase()}_${host}=${rule.mappedHost}${ports ? `;${ports}` : ''}`);
      }
    }
    process.stdout.write(out.join('\n') + '\nconfiguration OK\n');
    process.exitCode = EXIT_OK;
  });
}
