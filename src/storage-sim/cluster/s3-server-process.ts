// A real S3-protocol server on loopback for the demo, tests and benchmarks: s3rver (a dev
// dependency) as a child process on a free port, its objects in a directory of the caller's. It
// checks the access key (S3RVER) but, started with --allow-mismatched-signatures, accepts any
// secret key; its list continuation tokens need OpenSSL's legacy provider. It does not support
// AbortMultipartUpload or listing uploads. More access keys can be accepted (accessKeys): s3rver's
// command line has no option for that, so they are added to its one account before it starts.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const S3RVER_ACCESS_KEY = 'S3RVER';

export interface S3ServerProcess {
  /** host:port, as a repository's aws.s3.endpoint takes it. */
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

function s3rverDir(): string {
  return dirname(createRequire(import.meta.url).resolve('s3rver/package.json'));
}

/**
 * The node arguments that run s3rver's own command line with `args`; with extra access keys, a
 * short preamble registers them with the account S3RVER belongs to, then hands over to it.
 */
function s3rverCommand(args: string[], accessKeys: string[]): string[] {
  const bin = join(s3rverDir(), 'bin', 's3rver.js');
  if (accessKeys.length === 0) return [bin, ...args];
  const account = join(s3rverDir(), 'lib', 'models', 'account.js');
  const preamble = [
    `const account = require(${JSON.stringify(account)}).DUMMY_ACCOUNT;`,
    // Any secret is accepted (--allow-mismatched-signatures): the one registered here is never compared.
    `for (const key of ${JSON.stringify(accessKeys)}) account.createKeyPair(key, key);`,
    `process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...process.argv.slice(1)];`,
    `require(${JSON.stringify(bin)});`,
  ].join('\n');
  return ['-e', preamble, '--', ...args];
}

export async function startS3ServerProcess(options: { dir: string; buckets: string[]; accessKeys?: string[]; timeoutMs?: number }): Promise<S3ServerProcess> {
  const args = ['-d', options.dir, '-a', '127.0.0.1', '-p', '0', '-s', '--allow-mismatched-signatures', ...options.buckets.flatMap((b) => ['--configure-bucket', b])];
  const child = spawn(process.execPath, s3rverCommand(args, options.accessKeys ?? []), { env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`s3rver did not start within ${options.timeoutMs ?? 15_000} ms: ${output}`));
    }, options.timeoutMs ?? 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on [^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code}: ${output}`));
    });
  });
  // Nothing more is read from it: its pipes must not fill up and stall it.
  child.stdout.resume();
  child.stderr.resume();
  return {
    endpoint: `127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
