// Reads what the preflight checks need from both clusters (and tries the source BEs' ports from
// this machine). Every failure becomes a fact ("unreachable: ..."), never an exception.
import { connect } from 'node:net';
import type { SyncConfig } from '../config/load-config.js';
import { mapAddress } from '../config/hosts-mapping.js';
import { FeClient } from '../cluster/fe-client.js';
import { feEndpoint } from '../cluster/fe-endpoint.js';
import { quoteIdentifier } from '../cluster/sql-text.js';
import type { PreflightFacts, ReleaseFacts, RepositoryAccess } from './preflight-rules.js';
import { capabilitiesOf } from '../cluster/capability-probes.js';
import { readFrontendConfig } from '../cluster/frontend-config.js';
import { capabilityLimitations, formatVersion } from '../cluster/capabilities.js';
import { computeNodes, storageVolume } from './shared-data-facts.js';

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error?: string) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.on('connect', () => done());
    socket.on('error', (error) => done(error.message));
  });
}

async function version(client: FeClient): Promise<string> {
  try {
    const rows = await client.query('SELECT current_version() AS v', 'read the version');
    return String(rows[0]?.v ?? '');
  } catch {
    return String((await client.query('SELECT @@version_comment AS v', 'read the version'))[0]?.v ?? '');
  }
}

/** The cluster's release and what it lacks; undefined when that cannot be read (the other checks say why). */
async function release(client: FeClient): Promise<ReleaseFacts | undefined> {
  try {
    const caps = await capabilitiesOf(client);
    const mode = caps.runMode === 'shared_data' ? ', shared-data' : '';
    return { release: `StarRocks ${formatVersion(caps.version)} (${caps.versionText})${mode}`, limitations: capabilityLimitations(caps) };
  } catch {
    return undefined;
  }
}

/** Listing a repository's snapshots reads the object store: proof the cluster can reach it. */
async function repositoryAccess(client: FeClient, repository: string): Promise<RepositoryAccess> {
  try {
    const rows = await client.query(`SHOW SNAPSHOT ON ${quoteIdentifier(repository)}`, `list repository ${repository}`);
    return { ok: true, snapshots: rows.length };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export async function gatherFacts(config: SyncConfig): Promise<PreflightFacts> {
  const s3 = config.settings.transfer_mode === 's3';
  const source = new FeClient(feEndpoint(config, 'source'), 2);
  const target = new FeClient(feEndpoint(config, 'target'), 2);
  const facts: PreflightFacts = {
    source: { reachable: false },
    target: { reachable: false },
    sourceToken: config.settings.source_cluster_token !== '',
    maxDiskUsedPercent: config.settings.target_cluster_max_disk_used_percent,
    replicationNum: config.settings.target_cluster_replication_num,
  };
  try {
    try {
      facts.source = { reachable: true, version: await version(source) };
      const sourceRelease = await release(source);
      if (sourceRelease) facts.source.release = sourceRelease;
      // With transfer_mode=s3 the BEs of the two clusters never talk to each other.
      const backends = s3 ? [] : await source.query('SHOW BACKENDS', 'list source backends');
      if (!s3) facts.sourceBackends = await Promise.all(
        backends.map(async (b) => {
          const host = String(b.IP);
          const be = mapAddress(config.hosts, 'source', { host, port: Number(b.BePort) });
          const http = mapAddress(config.hosts, 'source', { host, port: Number(b.HttpPort) });
          const errors = (await Promise.all([tcpReachable(be.host, be.port, 3000), tcpReachable(http.host, http.port, 3000)])).filter(Boolean);
          return { id: Number(b.BackendId), address: `${be.host}:${be.port}/${http.port}`, reachable: errors.length === 0, ...(errors.length ? { error: errors.join('; ') } : {}) };
        }),
      );
    } catch (error) {
      facts.source = { reachable: false, error: (error as Error).message };
    }
    try {
      const targetRelease = await release(target);
      const runMode = (await readFrontendConfig(target, 'run_mode')) ?? 'shared_nothing';
      // A shared-data target lists its nodes in SHOW COMPUTE NODES (SHOW BACKENDS is empty) and keeps its tables in a storage volume.
      const sharedData = runMode.toLowerCase() === 'shared_data';
      facts.target = {
        reachable: true,
        version: await version(target),
        ...(targetRelease ? { release: targetRelease } : {}),
        legacyCompatibility: await readFrontendConfig(target, 'enable_legacy_compatibility_for_replication'),
        runMode,
        lakeCompactionMaxTasks: await readFrontendConfig(target, 'lake_compaction_max_tasks'),
        filterUnusedColumns: String((await target.query("SHOW GLOBAL VARIABLES LIKE 'enable_filter_unused_columns_in_scan_stage'", 'read variables'))[0]?.Value ?? ''),
        ...(sharedData
          ? { computeNodes: await computeNodes(target), storageVolume: await storageVolume(config, target) }
          : {
              backends: (await target.query('SHOW BACKENDS', 'list target backends')).map((b) => ({
                id: Number(b.BackendId),
                host: String(b.IP),
                usedPercent: Number(String(b.MaxDiskUsedPct ?? b.UsedPct ?? '0').replace('%', '')) || 0,
                alive: String(b.Alive).toLowerCase() === 'true',
              })),
            }),
      };
    } catch (error) {
      facts.target = { reachable: false, error: (error as Error).message };
    }
    if (s3) {
      const repository = config.settings.s3_repository;
      const [onSource, onTarget] = await Promise.all([repositoryAccess(source, repository), repositoryAccess(target, repository)]);
      facts.repository = { name: repository, source: onSource, target: onTarget };
    }
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
  return facts;
}
