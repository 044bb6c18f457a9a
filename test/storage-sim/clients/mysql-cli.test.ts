// Debian's mysql command-line client (MariaDB's) runs a whole session against the reference FE as
// a separate process, fed a script on standard input. Skipped when it is not installed (CI
// installs mariadb-client).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CREATE_TABLE, DATABASE, INSERT_LABELLED, INSERT_TWO, PASSWORD, clientCluster } from './session-scenario.js';

const missing = spawnSync('mysql', ['--version']).status === 0 ? false : 'the mysql command-line client is not installed (apt-get install mariadb-client)';

const cluster = clientCluster('mysql-cli', missing);

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the client with `args`, `input` on its standard input. */
function mysql(args: string[], input: string): Promise<CliRun> {
  const all = ['--protocol=TCP', '-h127.0.0.1', `-P${cluster().fe.queryPort}`, '-uroot', '--connect-timeout=5', ...args];
  return new Promise((resolve) => {
    const child = execFile('mysql', all, { encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

test('mysql CLI: login, DDL, INSERT with and without a label, rows, SHOW statements, errors', { skip: missing }, async () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/authentication/AuthenticationHandler.java
  const refused = await mysql(['-pwrong-password', '-e', 'SELECT 1'], '');
  assert.notEqual(refused.code, 0);
  assert.equal(refused.stderr.trim(), "ERROR 1045 (28000): Access denied for user 'root' (using password: YES)");

  const script = [
    // What the interactive client asks first.
    'select @@version_comment limit 1',
    `CREATE DATABASE ${DATABASE}`,
    `USE ${DATABASE}`,
    CREATE_TABLE,
    INSERT_TWO,
    INSERT_LABELLED,
    INSERT_LABELLED.replace('(3,', '(4,'),
    'SELECT id, name, price, d, ts, f, big FROM items ORDER BY id',
    'SHOW DATABASES',
    'SHOW TABLES',
    'SHOW CREATE TABLE items',
    "SHOW PARTITIONS FROM items WHERE PartitionName = 'items'",
    'SELEC 1',
    'SELECT DATABASE()',
  ].join(';\n');
  // --batch: tab-separated rows; -vv: "Query OK" lines with the OK packet's info; --force: go on
  // after an error; -n: unbuffered, so each statement's output is complete before the next.
  const run = await mysql([`-p${PASSWORD}`, '--batch', '-vv', '--force', '-n'], script + ';\n');

  // Errors go to standard error, numbered by the script line.
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/StatementPlanner.java (label clash)
  const errors = run.stderr.trim().split('\n');
  assert.equal(errors[0], 'ERROR 1064 (HY000) at line 7: Getting analyzing error. Detail message: fail to begin transaction. Label [client_load_1] has already been used..');
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/parser/ParsingException.java
  assert.equal(errors[1], "ERROR 1064 (HY000) at line 13: Getting syntax error at line 1, column 0. Detail message: Unexpected input 'SELEC': unknown statement 'SELEC'.");
  assert.equal(errors.length, 2, run.stderr);

  const blocks = run.stdout.split('--------------\n').map((b) => b.trim());
  const answer = (statement: string): string => {
    const i = blocks.indexOf(statement);
    assert.ok(i >= 0, `no output for ${statement}:\n${run.stdout}`);
    return blocks[i + 1] ?? '';
  };
  assert.match(answer('select @@version_comment limit 1'), /^@@version_comment\n\S+\n1 row in set$/);
  assert.equal(answer(`CREATE DATABASE ${DATABASE}`), 'Query OK, 0 rows affected');
  // The OK packet's info, the label and state of the load: StarRocks' qe/StmtExecutor.java
  // (handleDMLStmt) and mysql/MysqlOkPacket.java (a length-encoded string).
  assert.match(answer(INSERT_TWO), /^Query OK, 2 rows affected\n\{'label':'insert_[0-9a-f]+', 'status':'VISIBLE', 'txnId':'\d+'\}$/);
  assert.match(answer(INSERT_LABELLED), /^Query OK, 1 row affected\n\{'label':'client_load_1', 'status':'VISIBLE', 'txnId':'\d+'\}$/);
  assert.equal(
    answer('SELECT id, name, price, d, ts, f, big FROM items ORDER BY id'),
    [
      'id\tname\tprice\td\tts\tf\tbig',
      '1\talpha\t12.50\t2024-02-29\t2024-02-29 12:34:56\t2.25\t9007199254740993',
      '2\t日本語 ✓\t-0.05\t1999-12-31\t2000-01-01 00:00:00\t-1.5\t-42',
      '3\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL',
      '3 rows in set',
    ].join('\n'),
  );
  assert.match(answer('SHOW DATABASES'), new RegExp(`^Database\\n(.+\\n)*${DATABASE}\\n(.+\\n)*\\d+ rows in set$`));
  assert.equal(answer('SHOW TABLES'), `Tables_in_${DATABASE}\nitems\n1 row in set`);
  // --batch escapes the newlines of the statement text as \n.
  assert.match(answer('SHOW CREATE TABLE items'), /^Table\tCreate Table\nitems\tCREATE TABLE `items` \(\\n {2}`id` int\(11\) NOT NULL/);
  const partitions = answer("SHOW PARTITIONS FROM items WHERE PartitionName = 'items'").split('\n');
  const header = (partitions[0] ?? '').split('\t');
  const row = (partitions[1] ?? '').split('\t');
  assert.deepEqual([row[header.indexOf('PartitionName')], row[header.indexOf('VisibleVersion')], row[header.indexOf('RowCount')]], ['items', '3', '3']);
  assert.equal(answer('SELECT DATABASE()'), `DATABASE()\n${DATABASE}\n1 row in set\n\nBye`);
  // USE is the client's own command: it sends COM_INIT_DB, which the FE runs as a USE.
  assert.ok((cluster().fe.statementLog ?? []).includes(`USE \`${DATABASE}\``));
});
