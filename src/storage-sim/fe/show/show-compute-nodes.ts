// SHOW COMPUTE NODES with the columns of the release the FE plays
// (common/proc/ComputeNodeProcDir.java). A shared-data cluster lists its nodes here and none in
// SHOW BACKENDS; a shared-nothing one has no compute nodes in this engine.
import type { FeContext } from '../fe-context.js';
import { formatTime } from '../query/virtual-table.js';
import { versionWithHash, type StarRocksRelease } from '../starrocks-release.js';
import { prettyBytes, type Cell } from './show-result.js';

const COMMON = [
  'ComputeNodeId', 'IP', 'HeartbeatPort', 'BePort', 'HttpPort', 'BrpcPort', 'LastStartTime', 'LastHeartbeat', 'Alive',
  'SystemDecommissioned', 'ClusterDecommissioned', 'ErrMsg', 'Version',
];

/** The columns each release's TITLE_NAMES adds after Version, then the shared-data ones. */
const LAYOUTS = {
  'v3.1': { plain: ['CpuCores', 'NumRunningQueries', 'MemUsedPct', 'CpuUsedPct', 'HasStoragePath'], sharedData: ['StarletPort', 'WorkerId'] },
  'v3.3': { plain: ['CpuCores', 'NumRunningQueries', 'MemUsedPct', 'CpuUsedPct', 'HasStoragePath'], sharedData: ['StarletPort', 'WorkerId', 'WarehouseName', 'TabletNum'] },
  'v3.5': {
    plain: ['CpuCores', 'MemLimit', 'NumRunningQueries', 'MemUsedPct', 'CpuUsedPct', 'DataCacheMetrics', 'HasStoragePath', 'StatusCode'],
    sharedData: ['StarletPort', 'WorkerId', 'WarehouseName', 'TabletNum'],
  },
} as const;

/** Every compute node has the default starlet_port (9070), as StarRocks' cn.conf gives it. */
const STARLET_PORT = 9070;

export function computeNodeColumns(release: StarRocksRelease, sharedData: boolean): string[] {
  const layout = LAYOUTS[release.computeNodeColumns];
  return [...COMMON, ...layout.plain, ...(sharedData ? layout.sharedData : [])];
}

export function computeNodeRows(ctx: FeContext): Cell[][] {
  if (ctx.runMode !== 'shared_data') return [];
  const columns = computeNodeColumns(ctx.release, true);
  const nodes = ctx.backends.list();
  const rows = nodes.map((node, index) => {
    const state = ctx.backends.state(node.id);
    const values: Record<string, Cell> = {
      ComputeNodeId: node.id, IP: node.host, HeartbeatPort: node.heartbeatPort, BePort: node.bePort, HttpPort: node.httpPort, BrpcPort: node.brpcPort,
      LastStartTime: formatTime(state.lastStartTime), LastHeartbeat: formatTime(state.lastHeartbeat), Alive: state.alive,
      SystemDecommissioned: false, ClusterDecommissioned: false, ErrMsg: state.error, Version: versionWithHash(ctx.release),
      CpuCores: 2, MemLimit: prettyBytes(0), NumRunningQueries: 0, MemUsedPct: '0.00 %', CpuUsedPct: '0.0 %',
      // No data cache report from the node: the proc dir's "N/A".
      DataCacheMetrics: 'N/A', HasStoragePath: true, StatusCode: state.alive ? 'OK' : 'DISCONNECTED',
      StarletPort: STARLET_PORT, WorkerId: index + 1, WarehouseName: 'default_warehouse', TabletNum: state.status?.tabletNum ?? 0,
    };
    const row = columns.map((column) => values[column]!);
    if (ctx.release.computeNodeColumns === 'v3.1') {
      // The 3.1 line appends StarletPort and WorkerId before HasStoragePath while its headers put
      // HasStoragePath first: the values land one and two columns off, as that release shows them.
      row.splice(row.length - 3, 3, values.StarletPort!, values.WorkerId!, values.HasStoragePath!);
    }
    return row;
  });
  // ListComparator(1, 3): by IP, then BePort, both compared as Java strings (by UTF-16 code unit).
  const text = (x: Cell, y: Cell) => (String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0);
  return rows.sort((a, b) => text(a[1]!, b[1]!) || text(a[3]!, b[3]!));
}
