import { test } from 'node:test';
import { runVersionPair } from './matrix.js';

test('a source playing StarRocks 3.2.3 is migrated into a target playing 3.3, then kept in sync (verify after each run)', (t) => runVersionPair(t, '3.2.3', '3.3'));
