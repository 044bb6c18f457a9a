// The whole version matrix (npm run test:versions): a source playing StarRocks 4.0 into a target
// playing each release. npm test runs four of these pairs (test/versions/*.test.ts).
import { test } from 'node:test';
import { runVersionPair } from '../matrix.js';
import { RELEASES } from './releases.js';

for (const target of RELEASES) {
  test(`StarRocks 4.0 -> ${target}: full sync, changes, second sync, verify after each`, (t) => runVersionPair(t, '4.0', target));
}
