// conf/hosts.properties: maps addresses that a cluster reports (SHOW FRONTENDS / SHOW BACKENDS, or
// the configured FE host) to addresses the daemon and the target BEs can actually reach, e.g. a
// Kubernetes service name to an external IP.
//
//   <SOURCE|TARGET>_<host>=<mapped host>[;<port>:<mapped port>[,<port>:<mapped port>...]]
//
// The optional port part maps individual ports of that host (a forwarded query or HTTP port).
import type { PropertiesFile } from './properties-file.js';
import type { ConfigProblem } from './config-error.js';
import { showValue } from './config-error.js';

export type ClusterSide = 'source' | 'target';

export interface HostRule {
  mappedHost: string;
  ports: ReadonlyMap<number, number>;
}

export interface HostsMapping {
  source: ReadonlyMap<string, HostRule>;
  target: ReadonlyMap<string, HostRule>;
}

export interface Address {
  host: string;
  port: number;
}

export const EMPTY_HOSTS_MAPPING: HostsMapping = { source: new Map(), target: new Map() };

// An IPv6 address may come in brackets, but only in a matched pair: '[fe80::1' is no address.
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+|[A-Za-z0-9._-]+)$/;
const EXPECTED_VALUE = 'a host or IP, optionally followed by ;port:mappedPort[,port:mappedPort...]';

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function parseRule(value: string): HostRule | undefined {
  const [hostPart, portPart, ...rest] = value.split(';');
  if (rest.length > 0 || hostPart === undefined) return undefined;
  const mappedHost = hostPart.trim();
  if (!HOST.test(mappedHost)) return undefined;
  const ports = new Map<number, number>();
  if (portPart !== undefined && portPart.trim() !== '') {
    for (const pair of portPart.split(',')) {
      const [from, to, extra] = pair.trim().split(':');
      const fromPort = parsePort(from ?? '');
      const toPort = parsePort(to ?? '');
      if (extra !== undefined || fromPort === undefined || toPort === undefined) return undefined;
      ports.set(fromPort, toPort);
    }
  }
  return { mappedHost: mappedHost.replace(/^\[(.*)\]$/, '$1'), ports };
}

export function parseHostsMapping(file: PropertiesFile): { mapping: HostsMapping; problems: ConfigProblem[] } {
  const source = new Map<string, HostRule>();
  const target = new Map<string, HostRule>();
  const problems: ConfigProblem[] = [];
  for (const entry of file.entries) {
    const prefix = /^(SOURCE|TARGET)_(.+)$/i.exec(entry.key);
    if (!prefix) {
      problems.push({
        file: file.path,
        line: entry.line,
        key: entry.key,
        shownValue: showValue(entry.value, false),
        expected: 'a key of the form SOURCE_<host> or TARGET_<host>',
      });
      continue;
    }
    const rule = parseRule(entry.value);
    if (!rule) {
      problems.push({
        file: file.path,
        line: entry.line,
        key: entry.key,
        shownValue: showValue(entry.value, false),
        expected: EXPECTED_VALUE,
      });
      continue;
    }
    (prefix[1]!.toUpperCase() === 'SOURCE' ? source : target).set(prefix[2]!, rule);
  }
  return { mapping: { source, target }, problems };
}

/** The address to dial for a host (and port) reported by or configured for a cluster. */
export function mapAddress(mapping: HostsMapping, side: ClusterSide, address: Address): Address {
  const rule = mapping[side].get(address.host);
  if (!rule) return address;
  return { host: rule.mappedHost, port: rule.ports.get(address.port) ?? address.port };
}
