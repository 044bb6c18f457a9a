// The text of a cutover's outcome (pure): what verify found, what was changed on the target, the
// exact state reached (every table's rows and partition versions, as verified), and what is left
// to do by hand. It is the record an operator keeps of the moment the application moved.
import { formatVerifyReport, type VerifiedTable } from '../verify/verify.js';
import { formatManualSteps } from './manual-steps.js';
import type { CutoverResult } from './run-cutover.js';

function stateLines(tables: readonly VerifiedTable[]): string[] {
  const partitions = tables.reduce((sum, t) => sum + t.partitions.length, 0);
  const rows = tables.reduce((sum, t) => sum + t.rows, 0);
  return [
    `State reached (the source and the target hold the same, verified): ${tables.length} table(s), ${partitions} partition(s), ${rows} row(s)`,
    ...tables.map((t) => `  ${t.db}.${t.table}: ${t.rows} row(s); versions ${t.partitions.map((p) => `${p.name}=${p.version}`).join(', ') || '(no partitions)'}`),
  ];
}

export function formatCutoverResult(result: CutoverResult): string[] {
  const lines: string[] = [];
  if (result.verify) lines.push(...formatVerifyReport(result.verify).split('\n'));
  if (result.changes.length > 0 || result.failedAt === 're-enable' || result.ok) {
    lines.push(`Turned back on on the target (${result.changes.length}):`);
    for (const change of result.changes) lines.push(`  ${change.object}: ${change.what}`, `    ${change.statement}`);
    for (const object of result.alreadyOn) lines.push(`  ${object}: dynamic_partition.enable already true on the target, as on the source (nothing done)`);
  }
  if (result.ok && result.verify) {
    lines.push(...stateLines(result.verify.verified));
    lines.push('To do by hand:', ...formatManualSteps(result.manualSteps));
    lines.push('Cutover done: the target is in sync and verified, and runs as the source did');
  }
  return lines;
}
