// Where and as whom the daemon reaches each cluster's FE, after the hosts mapping is applied.
import type { SyncConfig } from '../config/load-config.js';
import { mapAddress, type ClusterSide } from '../config/hosts-mapping.js';

export interface FeEndpoint {
  side: ClusterSide;
  /** As configured (what operators recognise in messages). */
  configuredHost: string;
  configuredPort: number;
  /** What is actually dialled. */
  host: string;
  port: number;
  user: string;
  password: string;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

export function feEndpoint(config: SyncConfig, side: ClusterSide): FeEndpoint {
  const s = config.settings;
  const configured =
    side === 'source'
      ? { host: s.source_fe_host, port: s.source_fe_query_port }
      : { host: s.target_fe_host, port: s.target_fe_query_port };
  const dialled = mapAddress(config.hosts, side, configured);
  const credentials = config.credentials[side];
  return {
    side,
    configuredHost: configured.host,
    configuredPort: configured.port,
    host: dialled.host,
    port: dialled.port,
    user: credentials.user,
    password: credentials.password,
    connectTimeoutMs: s.jdbc_connect_timeout_ms,
    queryTimeoutMs: s.jdbc_socket_timeout_ms,
  };
}

/** "source FE 10.0.0.1:9030 (mapped from fe-0.svc:9030)": how messages name an endpoint. */
export function describeEndpoint(endpoint: FeEndpoint): string {
  const dialled = `${endpoint.host}:${endpoint.port}`;
  const configured = `${endpoint.configuredHost}:${endpoint.configuredPort}`;
  return `${endpoint.side} FE ${dialled}` + (dialled === configured ? '' : ` (mapped from ${configured})`);
}
