// A shared-data reference cluster with the object store it keeps its tables in: a real S3-protocol
// server (s3rver) with the bucket "starrocks" (the builtin storage volume) and any other buckets
// a test's storage volumes name.
import type { LocalCluster, LocalClusterOptions } from '../../src/storage-sim/cluster/local-cluster.js';
import { startS3Server, S3_ACCESS_KEY, type S3Server } from './s3-server.js';
import { startCluster } from './sim-cluster.js';
import { TEST_SECRETS } from './test-secrets.js';

export interface SharedDataCluster {
  cluster: LocalCluster;
  s3: S3Server;
  /** PROPERTIES of a storage volume on this object store. */
  volumeProperties(): string;
  stop(): Promise<void>;
}

export async function startSharedDataCluster(name: string, options: Partial<LocalClusterOptions> = {}, otherBuckets: string[] = []): Promise<SharedDataCluster> {
  const s3 = await startS3Server(name, 'starrocks', otherBuckets);
  let cluster: LocalCluster;
  try {
    cluster = await startCluster(name, { runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks`, backends: 1, ...options });
  } catch (error) {
    await s3.stop();
    throw error;
  }
  return {
    cluster,
    s3,
    volumeProperties: () =>
      `"aws.s3.endpoint" = "${s3.endpoint}", "aws.s3.enable_ssl" = "false", "aws.s3.access_key" = "${S3_ACCESS_KEY}", "aws.s3.secret_key" = "${TEST_SECRETS.s3SecretKey}"`,
    async stop() {
      await cluster.stop();
      await s3.stop();
    },
  };
}
