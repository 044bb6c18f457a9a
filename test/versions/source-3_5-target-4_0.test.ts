import { test } from 'node:test';
import { runVersionPair } from './matrix.js';

test('a source playing StarRocks 3.5 is migrated into a target playing 4.0, then kept in sync (verify after each run)', (t) => runVersionPair(t, '3.5', '4.0'));
