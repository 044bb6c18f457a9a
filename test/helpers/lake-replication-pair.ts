// A shared-nothing source and a shared-data target on a real S3 server (s3rver), each with a
// database `db` and the same table made by `ddl`, for tests of replication into lake tables. Both
// clusters, their connections and the S3 server stop when the test ends.
import type { TestContext } from 'node:test';
import { connect, startCluster } from './sim-cluster.js';
import { startS3Server } from './s3-server.js';

export interface LakePairOptions {
  ddl: string;
  /** The target's StarRocks release (default: the newest profile). */
  targetVersion?: string;
  /** The target FE's configuration (lake_compaction_max_tasks, ...). */
  targetConfig?: Record<string, string>;
}

export async function startLakeReplicationPair(name: string, t: TestContext, options: LakePairOptions) {
  const s3 = await startS3Server(name, 'starrocks');
  const source = await startCluster(`${name}-source`, { backends: 1, config: { lake_compaction_max_tasks: '0' } });
  const target = await startCluster(`${name}-target`, {
    runMode: 'shared_data',
    objectStore: `${s3.endpoint}/starrocks`,
    backends: 1,
    ...(options.targetVersion ? { starrocksVersion: options.targetVersion } : {}),
    config: options.targetConfig ?? {},
  });
  const src = await connect(source);
  const dst = await connect(target);
  t.after(async () => {
    await Promise.all([src.end(), dst.end()]);
    await Promise.all([source.stop(), target.stop()]);
    await s3.stop();
  });
  for (const conn of [src, dst]) {
    await conn.query('CREATE DATABASE db');
    await conn.query(options.ddl);
  }
  return { s3, source, target, src, dst };
}
