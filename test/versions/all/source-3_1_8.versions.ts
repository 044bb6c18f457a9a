// The whole version matrix (npm run test:versions): a source playing StarRocks 3.1.8 into a target
// playing each release. npm test runs four of these pairs (test/versions/*.test.ts).
import { test } from 'node:test';
import { runVersionPair } from '../matrix.js';
import { RELEASES } from './releases.js';

for (const target of RELEASES) {
  test(`StarRocks 3.1.8 -> ${target}: full sync, changes, second sync, verify after each`, (t) => runVersionPair(t, '3.1.8', target));
}
