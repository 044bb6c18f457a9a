// What is left to do by hand after a cutover follows the migration guide's preparation (seed 003,
// docs/en/administration/data_migration_tool.md in StarRocks/starrocks): each step only when the
// target's current value says it is needed, with the exact statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatManualSteps, manualSteps } from '../../src/cutover/manual-steps.js';

test('legacy compatibility on: set it back to false and out of fe.conf; a running daemon is named', () => {
  const steps = formatManualSteps(manualSteps({ legacyCompatibility: 'true', runMode: 'shared_nothing', lakeCompactionMaxTasks: '-1' }, { logDir: '/srv/sync/log', runningPid: 4242 }));
  assert.match(steps[0]!, /^ {2}1\. Stop the daemon \(pid 4242 runs on \/srv\/sync\/log\)\./);
  assert.equal(steps[1], '       bin/stop.sh --log-dir /srv/sync/log');
  assert.ok(steps.includes('       ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="false");'));
  assert.ok(steps.includes('       fe.conf: delete the line "enable_legacy_compatibility_for_replication = true"'));
  assert.ok(!steps.some((s) => s.includes('lake_compaction_max_tasks')), 'a shared-nothing target has no compaction step');
});

test('shared-data target with compaction off: set it back to -1 and out of fe.conf; nothing for settings already back', () => {
  const steps = formatManualSteps(manualSteps({ legacyCompatibility: 'false', runMode: 'shared_data', lakeCompactionMaxTasks: '0' }, { logDir: 'log' }));
  assert.ok(steps.includes('       ADMIN SET FRONTEND CONFIG("lake_compaction_max_tasks"="-1");'));
  assert.ok(steps.includes('       fe.conf: delete the line "lake_compaction_max_tasks = 0"'));
  assert.ok(!steps.some((s) => s.includes('enable_legacy_compatibility_for_replication')));
  assert.match(steps[0]!, /^ {2}1\. Stop the daemon if one still runs\./);
  const back = manualSteps({ legacyCompatibility: 'false', runMode: 'shared_data', lakeCompactionMaxTasks: '-1' }, { logDir: 'log' });
  assert.deepEqual(back.map((s) => s.commands[0] ?? ''), ['bin/stop.sh --log-dir log', '']);
});
