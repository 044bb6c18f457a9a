import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TabletExists, TabletStore } from '../../../src/storage-sim/be/storage/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { dupTablet, pkTablet } from './helpers.js';

test('a batch of tablets is created together and survives a reopen', () => {
  const dir = scratchDir('create-tablets-batch');
  const store = new TabletStore(dir);
  store.createTablets([dupTablet(70), pkTablet(71), dupTablet(72)]);
  assert.deepEqual(store.tabletIds(), [70, 71, 72]);
  assert.equal(store.tabletInfo(71).keysType, 'PRIMARY_KEYS');
  assert.deepEqual(new TabletStore(dir).tabletIds(), [70, 71, 72]);
});

test('a batch naming an existing or repeated tablet is refused before anything is written', () => {
  const dir = scratchDir('create-tablets-refused');
  const store = new TabletStore(dir);
  store.createTablet(dupTablet(80));
  assert.throws(() => store.createTablets([dupTablet(81), dupTablet(80)]), TabletExists);
  assert.throws(() => store.createTablets([dupTablet(82), dupTablet(82)]), TabletExists);
  assert.deepEqual(store.tabletIds(), [80]);
  assert.ok(!existsSync(join(dir, 'data', '81')) && !existsSync(join(dir, 'data', '82')));
});
