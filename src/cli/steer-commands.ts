// cluster-sync pause | resume | resync: steer a running daemon through its HTTP API (the daemon
// checks each request against its last catalogue and answers in words, src/daemon/steering.ts).
// The daemon's answer goes to stdout; a refusal to stderr, with a non-zero exit code.
import { Option, type Command } from 'commander';
import { withConfigOptions, type ConfigOptions } from './config-options.js';
import { withDaemonApi } from './api-command.js';
import { pathSegment } from './daemon-api-client.js';
import { databaseArgument, tableArgument } from './object-argument.js';
import { EXIT_OK } from './exit-codes.js';

interface ScopeOptions extends ConfigOptions {
  database?: string;
  table?: { db: string; table: string };
}

interface SteeringAnswer {
  message: string;
}

/** The request body the API takes for a pause or resume (src/http/api-routes.ts parseScope). */
function scopeBody(options: ScopeOptions): { database: string; table?: string } | undefined {
  if (options.table) return { database: options.table.db, table: options.table.table };
  if (options.database !== undefined) return { database: options.database };
  return undefined;
}

function addScopeCommand(program: Command, name: 'pause' | 'resume', description: string): void {
  withConfigOptions(
    program
      .command(name)
      .description(description)
      .option('--database <db>', `${name} one database`, databaseArgument)
      .addOption(new Option('--table <db.table>', `${name} one table (backticks around a name holding a dot)`).argParser(tableArgument).conflicts('database')),
  ).action((options: ScopeOptions) =>
    withDaemonApi(name, options, async (api) => {
      const answer = await api.call<SteeringAnswer>('POST', `/api/v1/${name}`, scopeBody(options));
      process.stdout.write(`${answer.message}\n`);
      return EXIT_OK;
    }),
  );
}

export function addSteeringCommands(program: Command): void {
  addScopeCommand(
    program,
    'pause',
    "Pause the running daemon (through its HTTP API), or only one database or table: no new replication job or DDL statement starts for it; running jobs finish. The pause holds across the daemon's restarts.",
  );
  addScopeCommand(
    program,
    'resume',
    'Resume the running daemon (through its HTTP API): without options every pause is lifted; with --database or --table, that pause only.',
  );
  withConfigOptions(
    program
      .command('resync')
      .description(
        'Have the running daemon (through its HTTP API) drop the table on the target and copy it afresh from the source, on its next round, as ddl_job_allow_drop_schema_change_table allows.',
      )
      .argument('<db.table>', 'the table (backticks around a name holding a dot)', tableArgument),
  ).action((ref: { db: string; table: string }, options: ConfigOptions) =>
    withDaemonApi('resync', options, async (api) => {
      const answer = await api.call<SteeringAnswer>('POST', `/api/v1/tables/${pathSegment(ref.db)}/${pathSegment(ref.table)}/resync`);
      process.stdout.write(`${answer.message}\n`);
      return EXIT_OK;
    }),
  );
}
