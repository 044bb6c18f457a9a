// How a daemon run's outcome becomes the process's exit code (documented in the README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonExitCode, EXIT_FAILURE, EXIT_OK } from '../../src/cli/exit-codes.js';

test('stopped and done exit 0; a one-time run that cannot finish exits 1', () => {
  assert.equal(daemonExitCode({ kind: 'stopped' }), EXIT_OK);
  assert.equal(daemonExitCode({ kind: 'done' }), EXIT_OK);
  assert.equal(daemonExitCode({ kind: 'failed' }), EXIT_FAILURE);
  assert.deepEqual([EXIT_OK, EXIT_FAILURE], [0, 1]);
});
