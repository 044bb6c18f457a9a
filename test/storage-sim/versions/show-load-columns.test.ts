// SHOW LOAD's columns by release: common/proc/LoadProcDir.java TITLE_NAMES, JobId .. JobDetails
// in every release here; the newer line appends Warehouse.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/LoadProcDir.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { query, RELEASES, startRelease } from './release-helpers.js';

const BASE = [
  'JobId', 'Label', 'State', 'Progress', 'Type', 'Priority', 'ScanRows', 'FilteredRows', 'UnselectedRows', 'SinkRows', 'EtlInfo', 'TaskInfo',
  'ErrorMsg', 'CreateTime', 'EtlStartTime', 'EtlFinishTime', 'LoadStartTime', 'LoadFinishTime', 'TrackingSQL', 'JobDetails',
];
const EXPECTED: Record<(typeof RELEASES)[number], string[]> = {
  '3.1.8': BASE,
  '3.2.3': BASE,
  '3.3': BASE,
  '3.5': [...BASE, 'Warehouse'],
  '4.0': [...BASE, 'Warehouse'],
};

for (const version of RELEASES) {
  test(`${version}: SHOW LOAD has ${EXPECTED[version].length} columns`, async (t) => {
    const { conn, stop } = await startRelease('show-load-columns', version);
    t.after(stop);
    await conn.query('CREATE DATABASE db');
    const { columns, rows } = await query(conn, 'SHOW LOAD FROM db');
    assert.deepEqual(columns, EXPECTED[version]);
    assert.deepEqual(rows, []);
  });
}
