// status.json says, per cluster, whether the daemon's last read of its catalogue worked: a target
// FE that stops answering shows as not connected, with the error, while the source stays connected;
// once it answers again, it shows as connected again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, syncSettings, connect } from '../helpers/sim-cluster.js';
import { startDaemon } from '../helpers/run-daemon.js';
import { eventually } from '../helpers/eventually.js';
import { readStatusFile } from '../../src/daemon/status-file.js';

test('status.json follows each cluster connection on its own', async (t) => {
  const source = await startCluster('status-conn-source');
  const target = await startCluster('status-conn-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  await src.query('CREATE DATABASE app');
  await src.end();
  const daemon = startDaemon(t, 'status-conn-daemon', syncSettings(source, target));
  const status = () => readStatusFile(daemon.logDir);

  await eventually('both clusters show as connected', () => status()?.source.connected === true && status()?.target.connected === true);

  await target.stopFrontend();
  await eventually('the target shows as not connected', () => status()?.target.connected === false);
  const down = status()!;
  assert.equal(down.source.connected, true, 'the source still answers');
  // A read cut off by the stop (reset) counts as much as a refused connection after it.
  assert.match(down.target.error ?? '', /ECONNREFUSED|ECONNRESET|connect|closed/i);
  assert.equal(down.source.error, undefined);

  await target.restartFrontend();
  await eventually('the target shows as connected again', () => status()?.target.connected === true);
  assert.equal(status()!.target.error, undefined);
});
