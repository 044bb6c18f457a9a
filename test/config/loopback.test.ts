// Which addresses only this machine reaches: the HTTP API runs without a token only there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback } from '../../src/config/loopback.js';

test('loopback addresses, and the ones that are not', () => {
  for (const address of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) assert.equal(isLoopback(address), true, address);
  for (const address of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.1', 'example.com', 'localhost.example.com', '128.0.0.1']) assert.equal(isLoopback(address), false, address);
});
