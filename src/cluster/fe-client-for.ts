// The FeClient of one side of the configuration: the configured FE, dialled through hosts.properties,
// with failover to the cluster's other FEs mapped the same way. The source's client refuses every
// statement but reads, and BACKUP SNAPSHOT when the data goes through S3 (transfer_mode=s3).
import type { SyncConfig } from '../config/load-config.js';
import { mapAddress, type ClusterSide, type HostsMapping } from '../config/hosts-mapping.js';
import { FeClient, type FailoverOptions } from './fe-client.js';
import { feEndpoint } from './fe-endpoint.js';

export interface ClientForOptions {
  /** The hosts mapping to use at each failover (a running daemon re-reads hosts.properties). */
  hosts?: () => HostsMapping;
  onSwitch?: FailoverOptions['onSwitch'];
}

export function feClientFor(config: SyncConfig, side: ClusterSide, connections: number, options: ClientForOptions = {}): FeClient {
  const hosts = options.hosts ?? (() => config.hosts);
  return new FeClient(
    feEndpoint(config, side),
    connections,
    {
      mapAddress: (address) => mapAddress(hosts(), side, address),
      ...(options.onSwitch ? { onSwitch: options.onSwitch } : {}),
    },
    side === 'source' && config.settings.transfer_mode === 's3',
  );
}
