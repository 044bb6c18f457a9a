import { test } from 'node:test';
import { runVersionPair } from './matrix.js';

test('a source playing StarRocks 4.0 is migrated into a target playing 3.5, then kept in sync (verify after each run)', (t) => runVersionPair(t, '4.0', '3.5'));
