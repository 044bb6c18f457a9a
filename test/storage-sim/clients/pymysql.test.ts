// PyMySQL (Debian's python3-pymysql, run by /usr/bin/python3) runs a whole session against the
// reference FE as a separate process. Skipped when the module is not installed (CI installs it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { assertLogins, assertStatements, runDriver, sessionScript, SessionOutput, clientCluster } from './session-scenario.js';

// Debian's interpreter: the python3 on PATH may be another one without Debian's modules.
const PYTHON = '/usr/bin/python3';
const PROGRAM = fileURLToPath(new URL('./client_session.py', import.meta.url));
const missing = spawnSync(PYTHON, ['-c', 'import pymysql']).status === 0 ? false : `PyMySQL is not installed for ${PYTHON} (apt-get install python3-pymysql)`;

const cluster = clientCluster('pymysql', missing);

test('PyMySQL: login, DDL, INSERT with and without a label, typed rows, SHOW statements, errors', { skip: missing }, async () => {
  const lines = await runDriver(PYTHON, (file) => [PROGRAM, 'pymysql', String(cluster().fe.queryPort), file], sessionScript('SELECT @@autocommit, @@sql_mode'));
  const out = new SessionOutput(lines);
  assertLogins(out);
  // The FE reports no autocommit in its status flags (StarRocks sets none: mysql/MysqlServerStatusFlag.java),
  // so PyMySQL, asked for autocommit, sends SET AUTOCOMMIT = 1; @@autocommit then answers 1 as a BIGINT.
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/analyzer/ExpressionAnalyzer.java
  assert.deepEqual(out.resultSet(), { columns: ['@@autocommit', '@@sql_mode'], rows: [['int:1', 'str:ONLY_FULL_GROUP_BY']] });
  assertStatements(out);
  const sent = cluster().fe.statementLog ?? [];
  assert.equal(sent[0], 'SET AUTOCOMMIT = 1', sent.join('\n'));
  // select_db() is COM_INIT_DB, which the FE runs as a USE.
  assert.ok(sent.includes('USE `client_db`'), sent.join('\n'));
});
