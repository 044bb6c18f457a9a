// Drives one table replication between two reference clusters with the project's own client
// code: the table layouts over MySQL, the request builder, the Thrift call, then waits for the
// job to finish on the target FE.
import { FeClient } from '../../src/cluster/fe-client.js';
import type { FeEndpoint } from '../../src/cluster/fe-endpoint.js';
import { fetchBackends, fetchTableLayout } from '../../src/meta/table-layout.js';
import { capabilitiesOf } from '../../src/cluster/capability-probes.js';
import { buildReplicationRequest } from '../../src/replication/build-request.js';
import { startTableReplication } from '../../src/protocol/frontend-service-client.js';
import type { TTableReplicationResponse } from '../../src/protocol/replication-types.js';
import type { LocalCluster } from '../../src/storage-sim/cluster/local-cluster.js';

export function feClient(cluster: LocalCluster, side: 'source' | 'target' = 'source'): FeClient {
  const endpoint: FeEndpoint = {
    side,
    configuredHost: '127.0.0.1',
    configuredPort: cluster.fe.queryPort,
    host: '127.0.0.1',
    port: cluster.fe.queryPort,
    user: 'root',
    password: cluster.options.rootPassword ?? '',
    connectTimeoutMs: 5_000,
    queryTimeoutMs: 60_000,
  };
  return new FeClient(endpoint, 2);
}

export interface ReplicationRun {
  response: TTableReplicationResponse;
  jobId?: string;
}

export async function requestReplication(source: LocalCluster, target: LocalCluster, db: string, table: string, options: { partitions?: string[]; token?: string } = {}): Promise<ReplicationRun> {
  const src = feClient(source, 'source');
  const dst = feClient(target, 'target');
  try {
    const request = buildReplicationRequest({
      source: await fetchTableLayout(src, db, table),
      target: await fetchTableLayout(dst, db, table),
      sourceBackends: await fetchBackends(src),
      // The source BEs advertise 127.0.0.1 in these tests; a mapping would rewrite hosts here.
      mapSourceBackend: (b) => ({ host: '127.0.0.1', bePort: b.bePort, httpPort: b.httpPort }),
      replicaChoice: (await capabilitiesOf(dst)).replicaChoice,
      sourceToken: options.token ?? source.fe.token,
      targetUser: 'root',
      targetPassword: target.options.rootPassword ?? '',
      ...(options.partitions ? { partitions: options.partitions } : {}),
      jobId: `job-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
    });
    const response = await startTableReplication({ host: '127.0.0.1', port: target.fe.rpcPort, timeoutMs: 10_000 }, request);
    return { response, ...(request.job_id ? { jobId: request.job_id } : {}) };
  } finally {
    await Promise.all([src.close(), dst.close()]);
  }
}

/** Waits for a job to reach COMMITTED or ABORTED and returns its SHOW PROC '/replications' row. */
export async function waitForJob(target: LocalCluster, jobId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const client = feClient(target, 'target');
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await client.query("SHOW PROC '/replications'");
      const row = rows.find((r) => r.JobID === jobId);
      if (row && (row.State === 'COMMITTED' || row.State === 'ABORTED')) return row;
      if (Date.now() > deadline) throw new Error(`replication job ${jobId} did not finish in ${timeoutMs} ms: ${JSON.stringify(row)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.close();
  }
}
