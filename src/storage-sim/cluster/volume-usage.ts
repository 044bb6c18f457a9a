// What a storage volume holds in its object store: the objects and bytes under its location
// (s3://bucket[/prefix]), listed through the S3 protocol as a user would. The demo and the
// shared-data benchmark report it.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export async function volumeUsage(client: S3Client, location: string): Promise<{ objects: number; bytes: number }> {
  const [, bucket, path] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location) ?? [];
  if (!bucket) throw new Error(`the storage volume's location ${location} is not s3://<bucket>[/<prefix>]`);
  const prefix = path ? `${path.replace(/\/+$/, '')}/` : '';
  let objects = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const o of page.Contents ?? []) {
      objects++;
      bytes += o.Size ?? 0;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { objects, bytes };
}
