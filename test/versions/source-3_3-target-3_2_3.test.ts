import { test } from 'node:test';
import { runVersionPair } from './matrix.js';

test('a source playing StarRocks 3.3 is migrated into a target playing 3.2.3, then kept in sync (verify after each run)', (t) => runVersionPair(t, '3.3', '3.2.3'));
