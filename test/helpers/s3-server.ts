// A real S3-protocol server for tests: s3rver as a child process on a free loopback port, its data
// in the test's own scratch folder. It accepts any secret key for its one access key (S3RVER) when
// started with --allow-mismatched-signatures; its list continuation tokens need OpenSSL's legacy
// provider. Also an S3 client, to look at what the engine wrote, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { scratchDir } from './scratch.js';
import { TEST_SECRETS } from './test-secrets.js';

export const S3_ACCESS_KEY = 'S3RVER';

export interface S3Server {
  endpoint: string;
  port: number;
  bucket: string;
  dir: string;
  /** The PROPERTIES of a repository in this server's bucket (the secret is the suite's test secret). */
  repositoryProperties(): string;
  client: S3Client;
  /** Every key in the bucket below `prefix`, with its size, sorted. */
  list(prefix?: string): Promise<{ key: string; size: number }[]>;
  get(key: string): Promise<Buffer>;
  put(key: string, body: Buffer): Promise<void>;
  stop(): Promise<void>;
}

function s3rverBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
}

export async function startS3Server(name: string, bucket = 'backup-bucket'): Promise<S3Server> {
  const dir = scratchDir(`${name}-s3`);
  const child: ChildProcess = spawn(process.execPath, [s3rverBin(), '-d', dir, '-a', '127.0.0.1', '-p', '0', '-s', '--allow-mismatched-signatures', '--configure-bucket', bucket], {
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 15 s: ${output}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on [^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code}: ${output}`));
    });
  });
  const endpoint = `127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint: `http://${endpoint}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: TEST_SECRETS.s3SecretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    port,
    bucket,
    dir,
    client,
    repositoryProperties: () =>
      `"aws.s3.access_key" = "${S3_ACCESS_KEY}", "aws.s3.secret_key" = "${TEST_SECRETS.s3SecretKey}", "aws.s3.endpoint" = "${endpoint}", "aws.s3.enable_ssl" = "false", "aws.s3.enable_path_style_access" = "true"`,
    async list(prefix = '') {
      const keys: { key: string; size: number }[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
        for (const o of page.Contents ?? []) keys.push({ key: o.Key!, size: o.Size ?? 0 });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort((a, b) => a.key.localeCompare(b.key));
    },
    async get(key) {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await answer.Body!.transformToByteArray());
    },
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async stop() {
      client.destroy();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
