// cluster-sync encrypt-password --key K: prints TO_BASE64(AES_ENCRYPT(password, K)) for
// *_cluster_password, so operators need no SQL client and the password never appears in a command line.
import type { Command } from 'commander';
import { encryptPassword } from '../config/password-cipher.js';
import { readSecret } from './read-secret.js';
import { EXIT_CONFIG, EXIT_OK } from './exit-codes.js';

export function addEncryptPasswordCommand(program: Command): void {
  program
    .command('encrypt-password')
    .description(
      'Encrypt a cluster password for conf/sync.properties. Reads the password from standard input ' +
        '(or asks for it, hidden, on a terminal) and prints TO_BASE64(AES_ENCRYPT(password, key)).',
    )
    .requiredOption('--key <key>', 'the secret key; put the same value in *_cluster_password_secret_key')
    .action(async (options: { key: string }) => {
      if (options.key === '') {
        process.stderr.write('encrypt-password: --key is empty; expected a non-empty secret key\n');
        process.exitCode = EXIT_CONFIG;
        return;
      }
      const password = await readSecret('Password');
      if (password === '') {
        process.stderr.write('encrypt-password: the password is empty; expected the cluster password on standard input\n');
        process.exitCode = EXIT_CONFIG;
        return;
      }
      process.stdout.write(`${encryptPassword(password, options.key)}\n`);
      if (process.stdout.isTTY) {
        process.stderr.write('Set it as *_cluster_password, with the key as *_cluster_password_secret_key.\n');
      }
      process.exitCode = EXIT_OK;
    });
}
