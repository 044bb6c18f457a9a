// MySQLdb (mysqlclient, Debian's python3-mysqldb on libmariadb, run by /usr/bin/python3) runs a whole
// session against the reference FE as a separate process. Skipped when the module is not installed
// (CI installs it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { assertLogins, assertStatements, runDriver, sessionScript, SessionOutput, clientCluster } from './session-scenario.js';

// Debian's interpreter: the python3 on PATH may be another one without Debian's modules.
const PYTHON = '/usr/bin/python3';
const PROGRAM = fileURLToPath(new URL('./client_session.py', import.meta.url));
const missing = spawnSync(PYTHON, ['-c', 'import MySQLdb']).status === 0 ? false : `MySQLdb is not installed for ${PYTHON} (apt-get install python3-mysqldb)`;

const cluster = clientCluster('mysqldb', missing);

test('MySQLdb: login, DDL, INSERT with and without a label, typed rows, SHOW statements, errors', { skip: missing }, async () => {
  const lines = await runDriver(PYTHON, (file) => [PROGRAM, 'mysqldb', String(cluster().fe.queryPort), file], sessionScript('SELECT @@autocommit, @@sql_mode'));
  const out = new SessionOutput(lines);
  // MySQLdb gives a refused login no SQLSTATE.
  assertLogins(out, '-');
  assert.deepEqual(out.resultSet(), { columns: ['@@autocommit', '@@sql_mode'], rows: [['int:1', 'str:ONLY_FULL_GROUP_BY']] });
  assertStatements(out);
  // The FE offers no CLIENT_TRANSACTIONS, as StarRocks (mysql/MysqlCapability.java), so MySQLdb
  // leaves autocommit alone: its first statement is the session's first step.
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/mysql/MysqlCapability.java
  const sent = cluster().fe.statementLog ?? [];
  assert.equal(sent[0], 'SELECT @@autocommit, @@sql_mode', sent.join('\n'));
});
