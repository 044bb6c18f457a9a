import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { encryptPassword, decryptPassword, PasswordDecryptionError } from '../../src/config/password-cipher.js';
import { loadConfig } from '../../src/config/load-config.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf, MINIMAL_CLUSTERS } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';

// Known vectors, computed independently of this code:
// 1. From StarRocks' own documentation of aes_encrypt:
//      select to_base64(AES_ENCRYPT('starrocks','F3229A0B371ED2D9441B830D21A390C3'));  -> uv/Lhzm74syo8JlfWarwKA==
//    (a 32-byte key, so MySQL's XOR folding of the key into 16 bytes is exercised).
// 2. With the openssl command line and a short key (zero-padded to 16 bytes):
//      printf 'root-pw' | openssl enc -aes-128-ecb -K $(printf 'abc' | xxd -p)00000000000000000000000000 | base64
//    -> the value below.
const VECTORS = [
  { password: 'starrocks', key: 'F3229A0B371ED2D9441B830D21A390C3', encrypted: 'uv/Lhzm74syo8JlfWarwKA==' },
  { password: 'root-pw', key: 'abc', encrypted: '5a99oM2gC0e31zFbm2GH9w==' },
];

test('known vectors decrypt and encrypt exactly', () => {
  for (const v of VECTORS) {
    assert.equal(encryptPassword(v.password, v.key), v.encrypted);
    assert.equal(decryptPassword(v.encrypted, v.key), v.password);
  }
});

test('round trip with unicode and long passwords and keys', () => {
  for (const [password, key] of [
    ['pässwörd-密码', 'ключ'],
    ['x'.repeat(100), 'k'.repeat(70)],
    ['exactly16bytes!!', 'sixteen-byte-key'],
  ] as const) {
    assert.equal(decryptPassword(encryptPassword(password, key), key), password);
  }
});

test('a wrong key or a malformed value is a clear error, never garbage', () => {
  const encrypted = encryptPassword('s3cret', 'right-key');
  let wrong = 0;
  // Try many wrong keys: each must fail loudly (padding or text check), none may return a value.
  for (let i = 0; i < 300; i++) {
    assert.throws(() => decryptPassword(encrypted, `wrong-key-${i}`), (error: unknown) => {
      assert.ok(error instanceof PasswordDecryptionError);
      assert.match((error as Error).message, /does not decrypt with this secret key/);
      assert.ok(!(error as Error).message.includes('wrong-key'), 'the key is not in the message');
      wrong++;
      return true;
    });
  }
  assert.equal(wrong, 300);
  assert.throws(() => decryptPassword('not base64!', 'k'), /not base64 text/);
  assert.throws(() => decryptPassword('AAAA', 'k'), /decodes to 3 bytes, expected a non-zero multiple of 16/);
  assert.throws(() => decryptPassword(encrypted, ''), /secret key is empty/);
});

test('encrypt-password reads the password from standard input; the loader decrypts what it prints', async () => {
  const result = await runCli(['encrypt-password', '--key', TEST_SECRETS.secretKey], { input: `${TEST_SECRETS.sourcePassword}\n` });
  assert.equal(result.code, 0, result.stderr);
  const encrypted = result.stdout.trim();
  assert.match(encrypted, /^[A-Za-z0-9+/]+=*$/);
  assert.ok(!result.stdout.includes(TEST_SECRETS.sourcePassword));

  const dir = scratchDir('encrypted-conf');
  const conf = writeConf(dir, {
    ...MINIMAL_CLUSTERS,
    source_cluster_password: encrypted,
    source_cluster_password_secret_key: TEST_SECRETS.secretKey,
    target_cluster_password: TEST_SECRETS.targetPassword,
  });
  const { config, secrets } = loadConfig({ conf, hosts: join(dir, 'none') });
  assert.equal(config.credentials.source.password, TEST_SECRETS.sourcePassword);
  assert.equal(config.credentials.target.password, TEST_SECRETS.targetPassword, 'no key: plain text');
  for (const s of [TEST_SECRETS.sourcePassword, TEST_SECRETS.targetPassword, TEST_SECRETS.secretKey, encrypted]) {
    assert.ok(secrets.includes(s), 'every secret form is registered for scrubbing');
  }
});

test('encrypt-password refuses an empty password or key', async () => {
  const empty = await runCli(['encrypt-password', '--key', 'k'], { input: '' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /password is empty/);
  const noKey = await runCli(['encrypt-password'], { input: 'x' });
  assert.equal(noKey.code, 2);
  assert.match(noKey.stderr, /--key/);
});
