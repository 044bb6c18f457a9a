// The effects behind capabilities.ts: the few statements that show what an FE has, and the
// record kept per client. Learned at the first use; checked again only when the client has opened
// a new connection since (an FE restarted, or a failover to another FE), and then re-learned only
// when the FE reports another release: a rolling upgrade during a long migration changes what the
// cluster answers, and the daemon must read what it has now.
import { FeError, type FeClient } from './fe-client.js';
import { capabilitiesFrom, sameRelease, type CapabilityProbes, type ClusterCapabilities } from './capabilities.js';
import { readFrontendConfig } from './frontend-config.js';

/**
 * True when the FE answered that it has no such table, column or proc path: the thing is
 * absent. A network failure or a timeout proves nothing and is rethrown by the callers.
 */
export function isAbsence(error: unknown): boolean {
  if (!(error instanceof FeError)) return false;
  const cause = error.cause as { sqlMessage?: unknown; errno?: unknown } | undefined;
  // Only an error packet from the server carries sqlMessage; mysql2 sets no errno for socket errors.
  return cause?.sqlMessage !== undefined;
}

async function unlessAbsent<T>(read: () => Promise<T>): Promise<T | 'absent'> {
  try {
    return await read();
  } catch (error) {
    if (isAbsence(error)) return 'absent';
    throw error;
  }
}

export async function readVersionText(client: FeClient): Promise<string> {
  const rows = await client.query('SELECT @@version_comment AS v', 'read the version');
  return String(rows[0]?.v ?? '');
}

export async function probeCapabilities(client: FeClient): Promise<ClusterCapabilities> {
  const [versionText, partitionsMeta, replications, beTablets, runMode] = await Promise.all([
    readVersionText(client),
    // LIMIT 0: the columns and their types are described even when there is no row.
    unlessAbsent(async () => (await client.queryWithFields('SELECT * FROM information_schema.partitions_meta LIMIT 0', 'probe information_schema.partitions_meta')).fields),
    unlessAbsent(() => client.query("SHOW PROC '/replications'", "probe SHOW PROC '/replications'")),
    // No table has id -1: nothing is scanned even by an FE that would run a LIMIT 0 (be_tablets asks every BE).
    unlessAbsent(async () => (await client.queryWithFields('SELECT * FROM information_schema.be_tablets WHERE TABLE_ID = -1 LIMIT 0', 'probe information_schema.be_tablets')).fields.map((f) => f.name)),
    // A refusal (no such item, or no OPERATE privilege) reads as shared-nothing, the only mode before 3.0.
    unlessAbsent(async () => (await readFrontendConfig(client, 'run_mode')) ?? 'absent'),
  ]);
  const probes: CapabilityProbes = { versionText, partitionsMeta, replicationsProc: replications !== 'absent', beTablets, runMode };
  return capabilitiesFrom(probes);
}

export type CapabilitiesListener = (learned: ClusterCapabilities, previous: ClusterCapabilities | undefined) => void;

interface Learned {
  capabilities: ClusterCapabilities;
  /** FeClient.connectionsOpened when they were last confirmed. */
  connections: number;
}

class CapabilityRecord {
  private learned: Learned | undefined;
  private pending: Promise<ClusterCapabilities> | undefined;
  readonly listeners: CapabilitiesListener[] = [];

  constructor(private readonly client: FeClient) {}

  /** The last learned capabilities, without asking the FE (undefined before the first use). */
  get known(): ClusterCapabilities | undefined {
    return this.learned?.capabilities;
  }

  current(): Promise<ClusterCapabilities> {
    if (this.learned && this.learned.connections === this.client.connectionsOpened) return Promise.resolve(this.learned.capabilities);
    // Callers of one round ask together: one probe for all of them.
    this.pending ??= this.refresh().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async refresh(): Promise<ClusterCapabilities> {
    const previous = this.learned?.capabilities;
    if (previous) {
      const versionText = await readVersionText(this.client);
      if (versionText === previous.versionText) {
        this.learned = { capabilities: previous, connections: this.client.connectionsOpened };
        return previous;
      }
    }
    const capabilities = await probeCapabilities(this.client);
    this.learned = { capabilities, connections: this.client.connectionsOpened };
    if (!previous || !sameRelease(previous, capabilities)) for (const listener of this.listeners) listener(capabilities, previous);
    return capabilities;
  }
}

const records = new WeakMap<FeClient, CapabilityRecord>();

function recordOf(client: FeClient): CapabilityRecord {
  let record = records.get(client);
  if (!record) records.set(client, (record = new CapabilityRecord(client)));
  return record;
}

/** The cluster's capabilities, learned at the first call and re-learned after a version change. */
export function capabilitiesOf(client: FeClient): Promise<ClusterCapabilities> {
  return recordOf(client).current();
}

/** The capabilities last learned for this client, if any, without asking the FE. */
export function knownCapabilities(client: FeClient): ClusterCapabilities | undefined {
  return recordOf(client).known;
}

/** Told each time the client's capabilities are learned for a release (the first time, and after an upgrade). */
export function onCapabilitiesLearned(client: FeClient, listener: CapabilitiesListener): void {
  recordOf(client).listeners.push(listener);
}
