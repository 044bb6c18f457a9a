import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TabletStore } from '../../../src/storage-sim/be/storage/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { dupRowsOf, expectedPk } from './fixtures/crash-data.js';
import { dupTablet, load, pkTablet, readAll, sorted } from './helpers.js';

test('tablets, rowsets, pending loads and schemas survive a reopen', async () => {
  const dir = scratchDir('restart-reopen');
  const first = new TabletStore(dir);
  first.createTablet(dupTablet(50));
  first.createTablet(pkTablet(51));
  await load(first, 50, 1, 2, [[1, 'a', '1.00']]);
  await load(first, 51, 1, 2, [['1', 'a', 1]]);
  const writer = first.openPendingWriter(50, 2);
  await writer.write([[2, 'pending', '2.00']]);
  await writer.close();
  first.updateSchema(50, [...dupTablet(50).columns, { name: 'c', type: { name: 'INT' }, isKey: false, defaultValue: '5' }]);

  const second = new TabletStore(dir);
  assert.deepEqual(second.tabletIds(), [50, 51]);
  assert.deepEqual(second.rowsets(50), first.rowsets(50));
  assert.deepEqual(second.pendingTxns(50), [2]);
  second.publish(50, 2, 3);
  assert.deepEqual(await readAll(second, 50, 3), [
    [1, 'a', '1.00', 5],
    [2, 'pending', '2.00', 5],
  ]);
  assert.deepEqual(await readAll(second, 51, 2), [['1', 'a', 1]]);
});

test('leftovers of a crash are removed when the store opens', async () => {
  const dir = scratchDir('restart-leftovers');
  const store = new TabletStore(dir);
  store.createTablet(dupTablet(52));
  await load(store, 52, 1, 2, [[1, 'a', '1.00']]);
  const tabletDir = join(dir, 'data', '52');
  const kept = readdirSync(tabletDir).sort();
  writeFileSync(join(tabletDir, 'deadbeef_0.dat.tmp'), 'half a file');
  writeFileSync(join(tabletDir, 'cafebabe_0.dat'), 'a complete file no meta references');
  writeFileSync(join(tabletDir, 'meta.json.tmp'), '{"half":');
  mkdirSync(join(dir, 'data', '53')); // a tablet whose create did not reach its meta
  mkdirSync(join(dir, 'snapshot', 'incomplete'));
  writeFileSync(join(dir, 'snapshot', 'incomplete', 'x.dat'), 'linked before the crash');
  mkdirSync(join(dir, 'trash', '54.x'), { recursive: true });

  const reopened = new TabletStore(dir);
  assert.deepEqual(readdirSync(tabletDir).sort(), kept);
  assert.equal(existsSync(join(dir, 'data', '53')), false);
  assert.deepEqual(readdirSync(join(dir, 'snapshot')), []);
  assert.deepEqual(readdirSync(join(dir, 'trash')), []);
  assert.deepEqual(reopened.tabletIds(), [52]);
  assert.deepEqual(await readAll(reopened, 52, 2), [[1, 'a', '1.00']]);
});

/** Runs the loader until it has published `atLeast` more versions, then SIGKILLs it. */
function runAndKill(dir: string, run: number, atLeast: number, extraDelayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-loader.ts'), dir, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let seen = 0;
    let last = 0;
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        last = Number(/^published (\d+)$/.exec(line)?.[1] ?? last);
        seen++;
      }
      if (seen >= atLeast && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`loader exited without being killed: ${err}`))));
  });
}

test('after SIGKILL mid-load/compaction every published version is intact and nothing else remains', async () => {
  const dir = scratchDir('restart-sigkill');
  let lastPublished = 0;
  for (const [run, delay] of [0, 7, 19].entries()) {
    lastPublished = await runAndKill(dir, run, 6, delay);
    const store = new TabletStore(dir);
    const version = store.maxContinuousVersion(1);
    assert.ok(version >= lastPublished, `version ${version} holds everything acknowledged (${lastPublished})`);
    const pkVersion = store.maxContinuousVersion(2);
    assert.ok(pkVersion === version || pkVersion === version - 1, `tablet 2 is at most the one publish behind (${pkVersion} vs ${version})`);
    const expectedDup = [];
    for (let v = 2; v <= version; v++) expectedDup.push(...dupRowsOf(v));
    assert.deepEqual(sorted(await readAll(store, 1, version)), sorted(expectedDup));
    assert.deepEqual(await readAll(store, 2, pkVersion), expectedPk(pkVersion));
    for (const tabletId of [1, 2]) {
      const files = readdirSync(join(dir, 'data', String(tabletId))).filter((f) => f !== 'meta.json');
      const referenced = store.rowsets(tabletId).flatMap((r) => r.files.map((f) => f.name));
      const pending = store.pendingTxns(tabletId);
      // At most one load is pending: the interrupted one, or (tablet 2) the committed one whose publish had not reached it.
      assert.ok(pending.length <= 1, `at most one load is pending: ${pending.join(', ')}`);
      if (pending.length === 1) assert.ok([version, version + 1].includes(Math.floor(pending[0]! / 1000)));
      for (const f of files) assert.ok(!f.endsWith('.tmp'), `no temporary file survives: ${f}`);
      if (pending.length === 0) assert.deepEqual(files.sort(), referenced.sort(), 'only referenced files remain');
    }
    assert.deepEqual(readdirSync(join(dir, 'snapshot')).filter((name) => !existsSync(join(dir, 'snapshot', name, 'snapshot.json'))), []);
  }
});
