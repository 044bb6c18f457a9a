import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeMeaning, sameRange } from '../../src/ddl/range-meaning.js';

test('a range is its bounds, however a release prints their types', () => {
  const partitionsMeta = '[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )';
  const otherRelease = '[types: [DATEV2]; keys: [2024-01-01]; ..types: [DATEV2]; keys: [2024-02-01]; )';
  assert.equal(rangeMeaning(partitionsMeta), '2024-01-01..2024-02-01');
  assert.ok(sameRange(partitionsMeta, otherRelease));
  assert.equal(rangeMeaning('[types: [INT, DATE]; keys: [1,2024-01-01]; ..types: [INT, DATE]; keys: [5, 2024-02-01]; )'), '1, 2024-01-01..5, 2024-02-01');
  assert.ok(!sameRange(partitionsMeta, '[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-03-01]; )'));
  assert.ok(sameRange('', ''));
  assert.ok(!sameRange('', partitionsMeta));
});
