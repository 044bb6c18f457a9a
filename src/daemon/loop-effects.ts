// The sync loop's effects on real clusters: catalogues read through the FE clients, DDL run on the
// target, data moved by the transfer_mode's transport, the wall clock, and the log directory for
// what must outlive the process (sync-state.json, status.json).
import type { Logger } from 'pino';
import type { FeClient } from '../cluster/fe-client.js';
import { describeEndpoint } from '../cluster/fe-endpoint.js';
import { capabilitiesOf, knownCapabilities } from '../cluster/capability-probes.js';
import type { RunningConfig } from '../config/running-config.js';
import { sleep } from '../util/backoff.js';
import { feCatalogReader } from './catalog-reader.js';
import type { LoopControl } from './loop-control.js';
import { runDdlTasks } from './ddl-executor.js';
import { dropAuditFile } from '../log/drop-audit.js';
import { replicationTransport } from './replication-executor.js';
import { S3Transport } from './s3-transfer-executor.js';
import { writeStatusFile } from './status-file.js';
import type { Clock, LoopEffects, LoopStore } from './steps/step-context.js';
import { readSyncState, writeSyncState } from './sync-state-file.js';
import type { Transport } from './transport.js';

export const systemClock: Clock = { now: () => Date.now(), sleep };

export function logDirStore(logDir: string): LoopStore {
  return {
    readState: () => readSyncState(logDir),
    writeState: (state) => writeSyncState(logDir, state),
    writeStatus: (status) => writeStatusFile(logDir, status),
  };
}

export interface ClusterEffectsOptions {
  running: RunningConfig;
  source: FeClient;
  target: FeClient;
  logger: Logger;
  logDir: string;
  signal: AbortSignal;
  control: LoopControl;
}

export function clusterEffects({ running, source, target, logger, logDir, signal, control }: ClusterEffectsOptions): LoopEffects {
  const log = logger.child({ component: 'sync' });
  // Names this run's jobs and snapshots, so they are recognisable on the clusters.
  const runId = `cluster-sync-${Date.now().toString(36)}`;
  const audit = dropAuditFile(logDir);
  // transfer_mode needs a restart to change, so the transport is chosen once; the configuration it
  // reads is the running one, reloaded between rounds.
  const transport: Transport =
    running.current.settings.transfer_mode === 's3'
      ? new S3Transport(() => ({ config: running.current, source, target, log, runId, signal }))
      : replicationTransport(() => ({ config: running.current, source, target, log, jobPrefix: runId, signal }));
  return {
    running,
    readers: { source: feCatalogReader(source), target: feCatalogReader(target) },
    runDdl: async (batch, config) => {
      const s = config.settings;
      // The target's run mode decides what a source table needs to be created there (shared-data-properties.ts).
      const caps = await capabilitiesOf(target);
      const properties = {
        replicationNum: s.target_cluster_replication_num,
        storageVolume: s.target_cluster_storage_volume,
        useBuiltinStorageVolumeOnly: s.target_cluster_use_builtin_storage_volume_only,
        enablePersistentIndex: s.target_cluster_enable_persistent_index,
        target: { runMode: caps.runMode, localPersistentIndex: caps.localPersistentIndex, cloudNativePersistentIndex: caps.cloudNativePersistentIndex },
      };
      return runDdlTasks({ source, target, log, signal, properties, audit }, batch);
    },
    transport,
    clock: systemClock,
    control,
    store: logDirStore(logDir),
    clusters: () => ({
      source: { fe: describeEndpoint(source.endpoint), release: knownCapabilities(source)?.versionText ?? null },
      target: { fe: describeEndpoint(target.endpoint), release: knownCapabilities(target)?.versionText ?? null },
    }),
  };
}
