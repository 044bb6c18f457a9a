// Names with four-byte characters (emoji, rarer CJK ideographs) survive the daemon: StarRocks says
// character set 33 for every text column (mysql/MysqlColDef.java), which mysql2 alone reads as
// CESU-8 and garbles; the daemon decodes text as UTF-8 (src/cluster/utf8-text.ts), so the target
// gets the very names and values the source has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { startDaemon } from '../helpers/run-daemon.js';
import { eventually } from '../helpers/eventually.js';

// Character set 33 on text columns is what every release answers (MysqlColDef.java; seen with 3.4.1
// in node-mysql2#3530). Run on the newest release, and on releases without partitions_meta, where
// the partitions are read with SHOW PARTITIONS per table, by name.
for (const releases of [{ source: '4.0', target: '4.0' }, { source: '3.2.3', target: '3.1.8' }]) {
  test(`a database, table, column and partition named with four-byte characters are synced as named (source ${releases.source}, target ${releases.target})`, async (t) => {
    const source = await startCluster(`four-byte-source-${releases.source}`, { starrocksVersion: releases.source });
    const target = await startCluster(`four-byte-target-${releases.target}`, { starrocksVersion: releases.target });
    t.after(() => Promise.all([source.stop(), target.stop()]));
    const src = await connect(source);
    const dst = await connect(target);
    t.after(() => Promise.all([src.end(), dst.end()]));
    await src.query('CREATE DATABASE `店😀`');
    await src.query(`CREATE TABLE \`店😀\`.\`𠮷野家\` (day DATE NOT NULL, \`名前🍣\` VARCHAR(20)) DUPLICATE KEY(day)
      PARTITION BY RANGE(day) (PARTITION \`p🍣1\` VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
      DISTRIBUTED BY HASH(day) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
    await src.query("INSERT INTO `店😀`.`𠮷野家` VALUES ('2024-01-01', 'まぐろ🐟'), ('2024-08-01', 'サーモン')");

    const daemon = startDaemon(t, `four-byte-daemon-${releases.target}`, syncSettings(source, target));
    // Result column labels are decoded by mysql2 itself (with the column's character set): the read
    // names its column in ASCII; names and values inside rows are text, read as the daemon reads them.
    const read = 'SELECT day, `名前🍣` AS name FROM `店😀`.`𠮷野家` ORDER BY day';
    await eventually('the table is synced under its own name', async () => JSON.stringify(await rows(dst, read).catch(() => [])) === JSON.stringify(await rows(src, read)));
    assert.deepEqual(await rows(dst, read), [
      { day: '2024-01-01', name: 'まぐろ🐟' },
      { day: '2024-08-01', name: 'サーモン' },
    ]);
    assert.deepEqual((await rows(dst, "SELECT COLUMN_NAME FROM information_schema.columns WHERE TABLE_SCHEMA = '店😀' AND TABLE_NAME = '𠮷野家' ORDER BY ORDINAL_POSITION")).map((c) => c.COLUMN_NAME), ['day', '名前🍣']);
    assert.deepEqual((await rows(dst, 'SHOW PARTITIONS FROM `店😀`.`𠮷野家`')).map((p) => p.PartitionName), ['p🍣1', 'p2']);
    assert.doesNotMatch(daemon.warn(), /\uFFFD/, 'no replacement character in what the daemon logged');
  });
}
