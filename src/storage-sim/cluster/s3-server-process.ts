// A real S3-protocol server on loopback for the demo, tests and benchmarks: s3rver (a dev
// dependency) as a child process on a free port, its objects in a directory of the caller's. It
// checks the access key (S3RVER) but, started with --allow-mismatched-signatures, accepts any
// secret key; its list continuation tokens need OpenSSL's legacy provider. It does not support
// AbortMultipartUpload or listing uploads.
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

function s3rverBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
}

export async function startS3ServerProcess(options: { dir: string; buckets: string[]; timeoutMs?: number }): Promise<S3ServerProcess> {
  const args = [s3rverBin(), '-d', options.dir, '-a', '127.0.0.1', '-p', '0', '-s', '--allow-mismatched-signatures', ...options.buckets.flatMap((b) => ['--configure-bucket', b])];
  const child = spawn(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' }, stdio: ['ignore', 'pipe', 'pipe'] });
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
