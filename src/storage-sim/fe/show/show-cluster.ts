// SHOW BACKENDS, SHOW FRONTENDS and the transaction lists, with StarRocks' columns.
import type { TransactionMeta } from '../catalog/model.js';
import type { FeContext } from '../fe-context.js';
import { formatTime } from '../query/virtual-table.js';
import { prettyBytes, type Cell } from './show-result.js';
import { versionWithHash } from '../starrocks-release.js';

export const BACKEND_COLUMNS = [
  'BackendId', 'IP', 'HeartbeatPort', 'BePort', 'HttpPort', 'BrpcPort', 'LastStartTime', 'LastHeartbeat', 'Alive', 'SystemDecommissioned',
  'ClusterDecommissioned', 'TabletNum', 'DataUsedCapacity', 'AvailCapacity', 'TotalCapacity', 'UsedPct', 'MaxDiskUsedPct', 'ErrMsg', 'Version',
  'Status', 'DataTotalCapacity', 'DataUsedPct', 'CpuCores', 'NumRunningQueries', 'MemUsedPct', 'CpuUsedPct',
];

function pct(used: number, total: number): string {
  return `${total > 0 ? ((used / total) * 100).toFixed(2) : '0.00'} %`;
}

export function backendRows(ctx: FeContext): Cell[][] {
  return ctx.backends.list().map((b) => {
    const state = ctx.backends.state(b.id);
    const s = state.status;
    const total = s?.totalCapacityBytes ?? 0;
    const avail = s?.availCapacityBytes ?? 0;
    const used = total - avail;
    return [
      b.id, b.host, b.heartbeatPort, b.bePort, b.httpPort, b.brpcPort, formatTime(state.lastStartTime), formatTime(state.lastHeartbeat), state.alive,
      false, false, s?.tabletNum ?? 0, prettyBytes(s?.dataUsedBytes ?? 0), prettyBytes(avail), prettyBytes(total), pct(used, total), pct(used, total),
      // The BE's heartbeat reports its build as <version>-<hash>; the engine's BEs run the FE's release.
      state.error, versionWithHash(ctx.release), JSON.stringify({ lastSuccessReportTabletsTime: formatTime(state.lastHeartbeat) }), prettyBytes(total),
      pct(s?.dataUsedBytes ?? 0, total), 2, 0, '0.00 %', '0.0 %',
    ];
  });
}

export const FRONTEND_COLUMNS = [
  'Name', 'IP', 'EditLogPort', 'HttpPort', 'QueryPort', 'RpcPort', 'Role', 'ClusterId', 'Join', 'Alive', 'ReplayedJournalId', 'LastHeartbeat',
  'IsHelper', 'ErrMsg', 'StartTime', 'Version',
];

export interface FrontendIdentity {
  host: string;
  editLogPort: number;
  httpPort: number;
  queryPort: number;
  rpcPort: number;
  startTime: number;
  role: 'LEADER' | 'FOLLOWER';
  /** False while the FE's listeners are stopped (a follower taken down). */
  alive: boolean;
}

export function frontendRows(ctx: FeContext, frontends: FrontendIdentity[]): Cell[][] {
  return frontends.map((fe) => [
    `${fe.host}_${fe.editLogPort}_${fe.startTime}`, fe.host, fe.editLogPort, fe.httpPort, fe.queryPort, fe.rpcPort, fe.role,
    ctx.store.identity.clusterId, true, fe.alive, ctx.store.editsSinceImage, formatTime(Date.now()), fe.role === 'LEADER', fe.alive ? '' : 'got exception: connect refused',
    // common/proc/FrontendsProcNode.java: the version from the FE's heartbeat, <version>-<hash>.
    formatTime(fe.startTime), versionWithHash(ctx.release),
  ]);
}

export const TRANSACTION_COLUMNS = [
  'TransactionId', 'Label', 'Coordinator', 'TransactionStatus', 'LoadJobSourceType', 'PrepareTime', 'CommitTime', 'PublishTime', 'FinishTime',
  'Reason', 'ErrorReplicasCount', 'ListenerId', 'TimeoutMs', 'ErrMsg',
];

export function transactionRows(txns: TransactionMeta[]): Cell[][] {
  return txns.map((t) => [
    t.id, t.label, t.coordinator, t.status, t.sourceType, formatTime(t.prepareTime), formatTime(t.commitTime), formatTime(t.publishTime),
    formatTime(t.finishTime), t.reason, 0, t.tableIds[0] ?? -1, t.timeoutMs, '',
  ]);
}
