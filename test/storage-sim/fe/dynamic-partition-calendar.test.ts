// Where dynamic partitions start and what they are called, at fixed instants (the live scheduler
// can only be watched at today's date): the cases of StarRocks' own DynamicPartitionUtilTest, plus
// the hour, year and time zone arithmetic, and the scheduler's plan for a table at a fixed clock.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/DynamicPartitionUtil.java
// (getPartitionRangeString, getFormattedPartitionName), its test
// fe/fe-core/src/test/java/com/starrocks/common/util/DynamicPartitionUtilTest.java, and
// fe/fe-core/src/main/java/com/starrocks/clone/DynamicPartitionScheduler.java (the plan).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBorder, partitionNameSuffix, unitStart, wallClockAt, type TimeUnit } from '../../../src/storage-sim/fe/dynamic-partition/partition-calendar.js';
import { planDynamicPartitions } from '../../../src/storage-sim/fe/dynamic-partition/dynamic-partition-plan.js';
import { dynamicSpecOf } from '../../../src/storage-sim/fe/dynamic-partition/dynamic-properties.js';
import type { OlapTableMeta, PartitionMeta } from '../../../src/storage-sim/fe/catalog/model.js';

const at = (date: string) => Date.parse(`${date}T00:00:00Z`);

function start(unit: TimeUnit, today: string, offset: number, days: { week?: number; month?: number } = {}): string {
  return formatBorder(unitStart(unit, at(today), 'UTC', offset, { dayOfWeek: days.week ?? 1, dayOfMonth: days.month ?? 1 }), 'DATE');
}

test('DAY: the day `offset` days away, named yyyyMMdd', () => {
  assert.equal(start('DAY', '2020-05-25', -7), '2020-05-18');
  assert.equal(start('DAY', '2020-05-25', 7), '2020-06-01');
  assert.equal(start('DAY', '2020-02-28', 3), '2020-03-02');
  assert.equal(partitionNameSuffix('2020-05-18', 'DAY'), '20200518');
});

test('WEEK: starts on its start day at or before the date; named yyyy_ww with Calendar\'s week numbers', () => {
  const cases: [string, number, number, string, string][] = [
    // today, start day of week, offset, start, name
    ['2020-05-25', 1, 0, '2020-05-25', '2020_22'],
    ['2020-05-28', 1, 0, '2020-05-25', '2020_22'],
    // A week starts on its start day at or before the date (TemporalAdjusters.previousOrSame since
    // PR #17163; the older code moved forward to 2020-05-31).
    ['2020-05-25', 7, 0, '2020-05-24', '2020_22'],
    ['2020-05-31', 7, 0, '2020-05-31', '2020_23'],
    ['2020-05-25', 1, -2, '2020-05-11', '2020_20'],
    ['2020-02-29', 3, 0, '2020-02-26', '2020_09'],
    ['2020-02-29', 2, 1, '2020-03-03', '2020_10'],
    ['2020-01-01', 1, -1, '2019-12-23', '2019_52'],
    // Calendar puts this Monday in week 1 of 2020: StarRocks names it week 53 of 2019.
    ['2020-01-01', 1, 0, '2019-12-30', '2019_53'],
  ];
  for (const [today, week, offset, expectedStart, name] of cases) {
    const border = start('WEEK', today, offset, { week });
    assert.equal(border, expectedStart, `${today} offset ${offset}`);
    assert.equal(partitionNameSuffix(border, 'WEEK'), name, `${today} offset ${offset}`);
  }
  // 2000 began on a Saturday and was a leap year: its last day is still week 53, not 54.
  assert.equal(partitionNameSuffix('2000-12-25', 'WEEK'), '2000_53');
  assert.equal(partitionNameSuffix('2000-12-18', 'WEEK'), '2000_52');
});

test('MONTH: starts on its start day, in the previous month when today is before it; named yyyyMM', () => {
  const cases: [string, number, number, string, string][] = [
    ['2020-05-25', 1, 0, '2020-05-01', '202005'],
    ['2020-05-25', 26, 0, '2020-04-26', '202004'],
    ['2020-05-25', 26, -1, '2020-03-26', '202003'],
    ['2020-02-29', 26, 3, '2020-05-26', '202005'],
    ['2020-02-29', 27, 0, '2020-02-27', '202002'],
    ['2020-02-29', 27, -3, '2019-11-27', '201911'],
  ];
  for (const [today, month, offset, expectedStart, name] of cases) {
    const border = start('MONTH', today, offset, { month });
    assert.equal(border, expectedStart, `${today} offset ${offset}`);
    assert.equal(partitionNameSuffix(border, 'MONTH'), name);
  }
});

test('YEAR starts on January 1st (yyyy); HOUR on the hour (yyyyMMddHH), counted on the instant line', () => {
  assert.equal(start('YEAR', '2020-05-25', -1), '2019-01-01');
  assert.equal(partitionNameSuffix('2019-01-01', 'YEAR'), '2019');
  const now = Date.parse('2024-03-10T23:41:07Z');
  const hour = (offset: number, zone = 'UTC') => formatBorder(unitStart('HOUR', now, zone, offset, { dayOfWeek: 1, dayOfMonth: 1 }), 'DATETIME');
  assert.equal(hour(0), '2024-03-10 23:00:00');
  assert.equal(hour(1), '2024-03-11 00:00:00');
  assert.equal(partitionNameSuffix(hour(1), 'HOUR'), '2024031100');
  // Offsets and region ids are both zones; 08:00 ahead of UTC is already the next day.
  assert.equal(hour(0, '+08:00'), '2024-03-11 07:00:00');
  assert.equal(hour(0, 'Asia/Shanghai'), '2024-03-11 07:00:00');
  assert.equal(formatBorder(wallClockAt(now, 'Asia/Shanghai'), 'INTEGER'), '20240311');
});

test('the plan: existing or overlapping units are skipped, partitions ending by the oldest kept unit are dropped', () => {
  const partition = (name: string, lower: string | null, upper: string | null): PartitionMeta =>
    ({ id: name.length + Number(lower?.replaceAll('-', '') ?? 0), name, range: { lower: lower ? [lower] : null, upper: upper ? [upper] : null } }) as PartitionMeta;
  const table = {
    partitionScheme: { type: 'RANGE', columns: ['dt'] },
    columns: [{ name: 'dt', type: { name: 'DATE' }, nullable: false, isKey: true, comment: '' }],
    partitions: [
      partition('old', null, '2020-05-21'), // ends before the kept window [05-22, ...): dropped
      partition('edge', '2020-05-21', '2020-05-22'), // ends exactly where it starts: dropped
      partition('kept', '2020-05-22', '2020-05-23'),
      partition('wide', '2020-05-26', '2020-05-28'), // covers the units of 05-26 and 05-27
      partition('p20200525', '2020-06-01', '2020-06-02'), // holds the name of today's unit
    ],
  } as unknown as OlapTableMeta;
  const spec = dynamicSpecOf({
    'dynamic_partition.enable': 'true',
    'dynamic_partition.time_unit': 'DAY',
    'dynamic_partition.time_zone': 'UTC',
    'dynamic_partition.start': '-3',
    'dynamic_partition.end': '3',
    'dynamic_partition.history_partition_num': '1',
  })!;
  const plan = planDynamicPartitions(table, spec, at('2020-05-25') + 5 * 3_600_000);
  // Units from max(start, -history) = -1 to end = 3: 05-24 .. 05-28.
  assert.deepEqual(
    plan.add.map((p) => [p.name, p.range.lower![0], p.range.upper![0]]),
    [['p20200524', '2020-05-24', '2020-05-25'], ['p20200528', '2020-05-28', '2020-05-29']],
  );
  assert.deepEqual(plan.drop.map((p) => p.name), ['old', 'edge']);
  const unset = dynamicSpecOf({ 'dynamic_partition.enable': 'true', 'dynamic_partition.time_unit': 'DAY', 'dynamic_partition.time_zone': 'UTC', 'dynamic_partition.end': '1' })!;
  assert.deepEqual(planDynamicPartitions(table, unset, at('2020-05-25')).drop, [], 'without a start nothing is dropped');
});
