#!/usr/bin/env node
// cluster-sync: one binary, one subcommand per operation.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { addStartCommand } from './cli/start-command.js';
import { addCheckConfigCommand } from './cli/check-config-command.js';
import { addCheckCommand } from './cli/check-command.js';
import { addVerifyCommand } from './cli/verify-command.js';
import { addCutoverCommand } from './cli/cutover-command.js';
import { addStatusCommand } from './cli/status-command.js';
import { addSteeringCommands } from './cli/steer-commands.js';
import { addPlanCommand } from './cli/plan-command.js';
import { addEncryptPasswordCommand } from './cli/encrypt-password-command.js';
import { addSimCommand } from './cli/sim-command.js';
import { EXIT_CONFIG, EXIT_FAILURE } from './cli/exit-codes.js';

const program = new Command()
  .name('cluster-sync')
  .description('Migrate a StarRocks cluster into another one and keep the two in sync.')
  .version(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string)
  .showHelpAfterError()
  // Usage errors exit with the configuration-error code; --help and --version exit 0.
  .exitOverride((error: CommanderError) => {
    process.exit(error.exitCode === 0 ? 0 : EXIT_CONFIG);
  });

addStartCommand(program);
addCheckConfigCommand(program);
addCheckCommand(program);
addVerifyCommand(program);
addCutoverCommand(program);
addStatusCommand(program);
addSteeringCommands(program);
addPlanCommand(program);
addEncryptPasswordCommand(program);
addSimCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`cluster-sync: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT_FAILURE);
});
