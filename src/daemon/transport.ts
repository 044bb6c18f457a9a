// How data moves for a tracked job, behind one interface the sync loop drives: `observe` reads
// where the jobs in flight stand and tells the tracker (it never starts anything), `send` starts
// what is due (new jobs, and the next step of a job in flight). Two implementations:
// - Thrift replication (replication-executor.ts): startTableReplication on the target FE, followed
//   in SHOW PROC '/replications' or the job's transaction;
// - object storage (s3-transfer-executor.ts): BACKUP on the source, then RESTORE on the target once
//   the snapshot is in the repository.
// Either way the target's partition versions decide success (job-tracker.ts).
import type { ClusterCatalog } from '../meta/catalog-model.js';
import type { TrackerState } from '../replication/job-tracker.js';

/** The moment of the call, and the catalogues of the last meta round (a RESTORE takes the target table's replica count). */
export interface TransportRound {
  now: number;
  catalogs: { source: ClusterCatalog; target: ClusterCatalog };
}

export interface Transport {
  observe(state: TrackerState, round: TransportRound): Promise<TrackerState>;
  send(state: TrackerState, round: TransportRound): Promise<TrackerState>;
}
