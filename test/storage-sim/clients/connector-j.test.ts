// MariaDB Connector/J 2.7.6 (Debian's libmariadb-java) runs a whole session against the reference FE
// as a separate JVM. Skipped when Java or the driver is not installed (CI installs both).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { assertLogins, assertStatements, runDriver, sessionScript, SessionOutput, clientCluster } from './session-scenario.js';

const JAR = '/usr/share/java/mariadb-java-client.jar';
const PROGRAM = fileURLToPath(new URL('./ClientSession.java', import.meta.url));
const missing = !existsSync(JAR)
  ? `MariaDB Connector/J is not installed (${JAR}; apt-get install libmariadb-java)`
  : spawnSync('javac', ['-version']).status !== 0
    ? 'a JDK is not installed (apt-get install default-jdk-headless): the driver program is a single-file Java source, which java compiles with the JDK'
    : false;

const cluster = clientCluster('connector-j', missing);

test('Connector/J: login, DDL, INSERT with and without a label, typed rows, SHOW statements, errors', { skip: missing }, async () => {
  const script = sessionScript('SELECT @@autocommit, @@sql_mode, @@max_allowed_packet, @@auto_increment_increment');
  const lines = await runDriver('java', (file) => ['-cp', JAR, PROGRAM, String(cluster().fe.queryPort), file], script);
  const out = new SessionOutput(lines);
  assertLogins(out);
  // What the driver sends when it connects, answered as StarRocks answers it: sql_mode takes the
  // mode the driver appends (qe/SqlModeHelper.java), @@autocommit is BIGINT and
  // @@max_allowed_packet INT (sql/analyzer/ExpressionAnalyzer.java visitVariableExpr,
  // qe/VariableMgr.java fillValue).
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/analyzer/ExpressionAnalyzer.java
  assert.deepEqual(out.resultSet(), {
    columns: ['@@autocommit', '@@sql_mode', '@@max_allowed_packet', '@@auto_increment_increment'],
    rows: [['int:1', 'str:ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES', 'int:33554432', 'int:1']],
  });
  assertStatements(out);
  const sent = cluster().fe.statementLog ?? [];
  assert.ok(sent.includes("set autocommit=1, sql_mode = concat(@@sql_mode,',STRICT_TRANS_TABLES')"), sent.join('\n'));
  assert.ok(sent.includes('SELECT @@max_allowed_packet,@@system_time_zone,@@time_zone,@@auto_increment_increment'), sent.join('\n'));
});
