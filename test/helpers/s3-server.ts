// A real S3-protocol server for a test (s3rver as a child process, see s3-server-process.ts) with
// its objects in the test's own scratch folder, and an S3 client to look at what the engine wrote,
// as a user would.
import { ListObjectsV2Command, PutObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3RVER_ACCESS_KEY, startS3ServerProcess } from '../../src/storage-sim/cluster/s3-server-process.js';
import { scratchDir } from './scratch.js';
import { TEST_SECRETS } from './test-secrets.js';

export const S3_ACCESS_KEY = S3RVER_ACCESS_KEY;

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

/** `otherBuckets` exist too (for storage volumes in other buckets); `client` and `list` look at `bucket`. */
export async function startS3Server(name: string, bucket = 'backup-bucket', otherBuckets: string[] = []): Promise<S3Server> {
  const dir = scratchDir(`${name}-s3`);
  const server = await startS3ServerProcess({ dir, buckets: [bucket, ...otherBuckets] });
  const { endpoint, port } = server;
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
      await server.stop();
    },
  };
}
