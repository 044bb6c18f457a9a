// A row of SHOW BACKENDS as the daemon's BackendModel: the columns are the same on every release
// the daemon supports (BackendsProcDir.java).
import type { Row } from '../cluster/fe-client.js';
import type { BackendModel } from './catalog-model.js';

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

export function backendFromRow(row: Row): BackendModel {
  return {
    id: Number(row.BackendId ?? 0),
    host: str(row.IP),
    bePort: Number(row.BePort ?? 0),
    httpPort: Number(row.HttpPort ?? 0),
    alive: str(row.Alive).toLowerCase() === 'true',
    decommissioned: str(row.SystemDecommissioned).toLowerCase() === 'true',
    // "12.34 %" or a number.
    usedPercent: Number(str(row.MaxDiskUsedPct ?? row.UsedPct).replace('%', '').trim()) || 0,
  };
}
