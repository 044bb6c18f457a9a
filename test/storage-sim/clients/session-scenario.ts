// One client session, run by drivers nobody here wrote (Connector/J, PyMySQL, MySQLdb) against a
// started reference FE: the script they run, how their output is read, and what StarRocks answers.
// Each driver program (ClientSession.java, client_session.py) prints one line per event:
//   connect|ok   connect|error|<errno>|<sqlstate>|<message>   use|ok
//   columns|<name>|...   row|<tag>:<value>|...   ok|<affected rows>   error|<errno>|<sqlstate>|<message>
// where a tag says which type the driver decoded the value as (int str decimal date datetime float
// null), so a column sent with the wrong type shows up as a wrong tag.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';
import { startCluster } from '../../helpers/sim-cluster.js';
import { scratchDir } from '../../helpers/scratch.js';

export const PASSWORD = 'client-pw';
export const DATABASE = 'client_db';

/**
 * The cluster one client's test file talks to: started before its tests when the client is
 * installed (`missing` is false), stopped after them. The getter is read inside the tests.
 */
export function clientCluster(name: string, missing: string | false): () => LocalCluster {
  let cluster: LocalCluster | undefined;
  before(async () => {
    if (!missing) cluster = await startCluster(name, { backends: 1, rootPassword: PASSWORD, frontend: { recordStatements: true } });
  });
  after(async () => {
    await cluster?.stop();
  });
  return () => cluster!;
}

export const CREATE_TABLE =
  'CREATE TABLE items (id INT NOT NULL, name VARCHAR(32), price DECIMAL(10, 2), d DATE, ts DATETIME, f DOUBLE, big BIGINT) ' +
  "DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ('replication_num' = '1')";
export const INSERT_TWO =
  "INSERT INTO items VALUES (1, 'alpha', 12.50, '2024-02-29', '2024-02-29 12:34:56', 2.25, 9007199254740993), " +
  "(2, '日本語 ✓', -0.05, '1999-12-31', '2000-01-01 00:00:00', -1.5, -42)";
export const INSERT_LABELLED = 'INSERT INTO items WITH LABEL client_load_1 VALUES (3, NULL, NULL, NULL, NULL, NULL, NULL)';

/** The session, one step a line: the wrong password first, then everything else logged in. */
export function sessionScript(sessionVariablesQuery: string): string {
  const steps: [string, string][] = [
    ['connect', 'wrong-password'],
    ['connect', PASSWORD],
    ['sql', sessionVariablesQuery],
    ['sql', `CREATE DATABASE ${DATABASE}`],
    ['use', DATABASE],
    ['sql', CREATE_TABLE],
    ['sql', INSERT_TWO],
    ['sql', INSERT_LABELLED],
    ['sql', INSERT_LABELLED.replace('(3,', '(4,')],
    ['sql', 'SELECT * FROM items ORDER BY id'],
    ['sql', 'SHOW DATABASES'],
    ['sql', 'SHOW TABLES'],
    ['sql', 'SHOW CREATE TABLE items'],
    ['sql', 'SHOW PARTITIONS FROM items'],
    ['sql', 'SELEC 1'],
    ['sql', 'SELECT DATABASE()'],
  ];
  return steps.map(([op, arg]) => `${op}\t${arg}`).join('\n') + '\n';
}

/** Runs a driver program on the script; resolves with its output lines. */
export function runDriver(command: string, args: (scriptFile: string) => string[], script: string): Promise<string[]> {
  const file = join(scratchDir('client-script'), 'session.txt');
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    execFile(command, args(file), { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
      else resolve(stdout.split('\n').filter((line) => line !== ''));
    });
  });
}

/** The lines a session prints, read in the script's order. */
export class SessionOutput {
  private next = 0;
  constructor(private readonly lines: string[]) {}

  /** The next line, which must start with `kind`. */
  take(kind: string): string[] {
    const line = this.lines[this.next++];
    assert.ok(line !== undefined, `expected a ${kind} line, the output ended:\n${this.lines.join('\n')}`);
    const fields = line.split('|');
    assert.equal(fields[0], kind, `line ${this.next}: ${line}`);
    return fields.slice(1);
  }

  /** A result set: its column names and rows of tagged values. */
  resultSet(): { columns: string[]; rows: string[][] } {
    const columns = this.take('columns');
    const rows: string[][] = [];
    while (this.lines[this.next]?.startsWith('row|')) rows.push(this.take('row'));
    return { columns, rows };
  }

  end(): void {
    assert.equal(this.next, this.lines.length, `unread output: ${this.lines.slice(this.next).join('\n')}`);
  }
}

/** A text cell of a tagged row, with the newlines the driver program escaped put back. */
export function text(cell: string | undefined): string {
  if (cell === undefined || !cell.startsWith('str:')) assert.fail(`a string cell: ${cell}`);
  return cell.slice(4).replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/**
 * The two logins. `refusedLoginState` is '-' for a driver that does not expose the SQLSTATE of a
 * refused login (MySQLdb).
 */
export function assertLogins(out: SessionOutput, refusedLoginState = '28000'): void {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/authentication/AuthenticationHandler.java
  // (ERR_AUTHENTICATION_FAIL of common/ErrorCode.java: 1045, 28000, the user name alone)
  assert.deepEqual(out.take('connect'), ['error', '1045', refusedLoginState, "Access denied for user 'root' (using password: YES)"]);
  assert.deepEqual(out.take('connect'), ['ok']);
}

/**
 * The part of the session after the driver's own session-variable query: the same for every
 * driver, because each decodes the column types the FE sends.
 */
export function assertStatements(out: SessionOutput): void {
  assert.deepEqual(out.take('ok'), ['0'], 'CREATE DATABASE');
  assert.deepEqual(out.take('use'), ['ok']);
  assert.deepEqual(out.take('ok'), ['0'], 'CREATE TABLE');
  assert.deepEqual(out.take('ok'), ['2'], 'INSERT of two rows');
  assert.deepEqual(out.take('ok'), ['1'], 'INSERT WITH LABEL');
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/StatementPlanner.java (beginTransaction's
  // LabelAlreadyUsedException becomes a SemanticException; StmtExecutor sends it without a code)
  assert.deepEqual(out.take('error'), [
    '1064',
    'HY000',
    'Getting analyzing error. Detail message: fail to begin transaction. Label [client_load_1] has already been used..',
  ]);

  const select = out.resultSet();
  assert.deepEqual(select.columns, ['id', 'name', 'price', 'd', 'ts', 'f', 'big']);
  assert.deepEqual(select.rows, [
    ['int:1', 'str:alpha', 'decimal:12.50', 'date:2024-02-29', 'datetime:2024-02-29 12:34:56', 'float:2.25', 'int:9007199254740993'],
    ['int:2', 'str:日本語 ✓', 'decimal:-0.05', 'date:1999-12-31', 'datetime:2000-01-01 00:00:00', 'float:-1.5', 'int:-42'],
    ['int:3', 'null', 'null', 'null', 'null', 'null', 'null'],
  ]);

  const databases = out.resultSet();
  assert.deepEqual(databases.columns, ['Database']);
  const names = databases.rows.map((row) => text(row[0]));
  assert.ok(names.includes('information_schema') && names.includes(DATABASE), names.join(', '));

  assert.deepEqual(out.resultSet(), { columns: [`Tables_in_${DATABASE}`], rows: [['str:items']] });

  const create = out.resultSet();
  assert.deepEqual(create.columns, ['Table', 'Create Table']);
  assert.equal(create.rows.length, 1);
  assert.equal(text(create.rows[0]?.[0]), 'items');
  const ddl = text(create.rows[0]?.[1]);
  assert.match(ddl, /^CREATE TABLE `items` \(\n {2}`id` int\(11\) NOT NULL/);
  assert.match(ddl, /`price` decimal\(10, 2\) NULL/);
  assert.match(ddl, /DUPLICATE KEY\(`id`\)\nDISTRIBUTED BY HASH\(`id`\) BUCKETS 1/);

  const partitions = out.resultSet();
  assert.equal(partitions.columns[1], 'PartitionName');
  assert.equal(partitions.columns[2], 'VisibleVersion');
  assert.equal(partitions.rows.length, 1);
  // One partition named after the table; two loads took it from version 1 to 3; three rows.
  assert.deepEqual([text(partitions.rows[0]?.[1]), text(partitions.rows[0]?.[2])], ['items', '3']);
  assert.equal(text(partitions.rows[0]?.[partitions.columns.indexOf('RowCount')]), '3');

  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/parser/ParsingException.java (1064 HY000,
  // the line, the column from 0, the unexpected input)
  assert.deepEqual(out.take('error'), ['1064', 'HY000', "Getting syntax error at line 1, column 0. Detail message: Unexpected input 'SELEC': unknown statement 'SELEC'."]);

  assert.deepEqual(out.resultSet(), { columns: ['DATABASE()'], rows: [[`str:${DATABASE}`]] });
  out.end();
}
