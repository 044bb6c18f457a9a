// The bodies the HTTP API takes, read strictly: what a pause or resume applies to, and how a
// cutover is asked for; anything else is refused with what was expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScope } from '../../src/http/api-routes.js';
import { parseCutoverRequest } from '../../src/http/cutover-runs.js';
import { HttpError } from '../../src/http/http-errors.js';

const refused = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (error: unknown) => error instanceof HttpError && error.status === 400 && message.test(error.message));

test('a pause or resume applies to the daemon, a database or a table', () => {
  assert.deepEqual(parseScope(undefined), { kind: 'all' });
  assert.deepEqual(parseScope({}), { kind: 'all' });
  assert.deepEqual(parseScope({ database: 'shop' }), { kind: 'database', db: 'shop' });
  assert.deepEqual(parseScope({ database: 'shop', table: 'a.b' }), { kind: 'table', db: 'shop', table: 'a.b' });
  refused(() => parseScope({ table: 'orders' }), /"database" must be a non-empty string/);
  refused(() => parseScope({ database: '' }), /"database" must be a non-empty string/);
  refused(() => parseScope({ database: 'shop', table: 3 }), /"table" must be a non-empty string/);
  refused(() => parseScope('shop'), /must be a JSON object/);
  refused(() => parseScope({ database: 'shop', force: true }), /unknown field "force"/);
});

test('a cutover waits 30 minutes by default; its options are checked', () => {
  assert.deepEqual(parseCutoverRequest(undefined), { wait: true, timeoutSeconds: 1800 });
  assert.deepEqual(parseCutoverRequest({ wait: false }), { wait: false, timeoutSeconds: 1800 });
  assert.deepEqual(parseCutoverRequest({ timeoutSeconds: 60 }), { wait: true, timeoutSeconds: 60 });
  refused(() => parseCutoverRequest({ wait: 'yes' }), /"wait" must be true or false/);
  refused(() => parseCutoverRequest({ timeoutSeconds: 0 }), /"timeoutSeconds" must be an integer from 1 to 86400/);
  refused(() => parseCutoverRequest({ timeoutSeconds: 1.5 }), /"timeoutSeconds" must be an integer/);
  refused(() => parseCutoverRequest({ now: true }), /unknown field "now"/);
  refused(() => parseCutoverRequest([]), /must be a JSON object/);
});
