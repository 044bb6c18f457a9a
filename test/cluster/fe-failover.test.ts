import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failoverCandidates, mayFailOver } from '../../src/cluster/fe-failover.js';
import type { FeEndpoint } from '../../src/cluster/fe-endpoint.js';

const configured: FeEndpoint = {
  side: 'source', configuredHost: 'fe-0.svc', configuredPort: 9030, host: '10.0.0.1', port: 9030,
  user: 'root', password: 'pw', connectTimeoutMs: 1000, queryTimeoutMs: 1000,
};
const frontends = [
  { IP: 'fe-1.svc', QueryPort: '9030', Role: 'FOLLOWER', Alive: 'true' },
  { IP: 'fe-2.svc', QueryPort: '9030', Role: 'FOLLOWER', Alive: 'false' },
  { IP: 'fe-0.svc', QueryPort: '9030', Role: 'FOLLOWER', Alive: 'true' },
  { IP: 'fe-3.svc', QueryPort: '9030', Role: 'LEADER', Alive: 'true' },
];
const map = (a: { host: string; port: number }) => (a.host === 'fe-0.svc' ? { host: '10.0.0.1', port: a.port } : { host: a.host.replace('.svc', '.lan'), port: a.port + 1 });

test('after the configured FE fails: the leader first, then the other alive FEs, mapped, never a dead or the failed one', () => {
  const candidates = failoverCandidates(configured, configured, frontends, map);
  assert.deepEqual(candidates.map((c) => `${c.host}:${c.port} (${c.configuredHost})`), ['fe-3.lan:9031 (fe-3.svc)', 'fe-1.lan:9031 (fe-1.svc)']);
  assert.ok(candidates.every((c) => c.user === 'root' && c.password === 'pw' && c.side === 'source'));
});

test('after a failed-over FE fails: back to the configured FE first', () => {
  const current = failoverCandidates(configured, configured, frontends, map)[0]!;
  const candidates = failoverCandidates(configured, current, frontends, map);
  assert.deepEqual(candidates.map((c) => c.configuredHost), ['fe-0.svc', 'fe-1.svc']);
});

test('no FE list known: nowhere to go', () => {
  assert.deepEqual(failoverCandidates(configured, configured, [], map), []);
});

test('what may be sent again elsewhere: any statement when nothing was sent, only reads when a connection broke', () => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']) {
    assert.equal(mayFailOver(err(code), false), true, code);
    assert.equal(mayFailOver(err(code), true), true, code);
  }
  for (const code of ['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'PROTOCOL_SEQUENCE_TIMEOUT']) {
    assert.equal(mayFailOver(err(code), false), false, code);
    assert.equal(mayFailOver(err(code), true), true, code);
  }
  assert.equal(mayFailOver(Object.assign(new Error('Unknown table'), { code: 'ER_BAD_TABLE_ERROR', errno: 1051 }), true), false);
  assert.equal(mayFailOver(new Error('no code'), true), false);
});
