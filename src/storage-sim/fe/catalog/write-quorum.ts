// The write_quorum table property: how many replicas of every tablet must have written a load for
// it to succeed. ONE, MAJORITY (the default: half the replicas plus one) or ALL, any letter case.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/WriteQuorum.java (names),
// catalog/PartitionInfo.java getQuorumNum (counts), common/util/PropertyAnalyzer.java
// analyzeWriteQuorum (CREATE TABLE), sql/analyzer/AlterTableClauseAnalyzer.java (ALTER TABLE SET).
import type { OlapTableMeta, ReplicaMeta } from './model.js';
import { SimError } from '../sim-error.js';

export type WriteQuorum = 'ONE' | 'MAJORITY' | 'ALL';

export const WRITE_QUORUM = 'write_quorum';

function parse(value: string): WriteQuorum | undefined {
  const upper = value.toUpperCase();
  return upper === 'ONE' || upper === 'MAJORITY' || upper === 'ALL' ? upper : undefined;
}

/**
 * The properties with write_quorum checked and kept as SHOW CREATE TABLE prints it: the upper-case
 * name, and nothing for MAJORITY (StarRocks prints the property only when it is not the default).
 */
function normalized(properties: Record<string, string>, quorum: WriteQuorum): Record<string, string> {
  const { [WRITE_QUORUM]: _dropped, ...rest } = properties;
  return quorum === 'MAJORITY' ? rest : { ...rest, [WRITE_QUORUM]: quorum };
}

/** CREATE TABLE: an unknown value fails the statement ("unknown write quorum: X"). */
export function createWithWriteQuorum(properties: Record<string, string>): Record<string, string> {
  const given = properties[WRITE_QUORUM];
  if (given === undefined) return properties;
  const quorum = parse(given);
  if (!quorum) throw SimError.ddl(`unknown write quorum: ${given}`);
  return normalized(properties, quorum);
}

/** ALTER TABLE ... SET ("write_quorum" = "..."): an unknown value changes nothing. */
export function alterWriteQuorum(current: Record<string, string>, changes: Record<string, string>): Record<string, string> {
  const given = changes[WRITE_QUORUM];
  if (given === undefined) return current;
  const quorum = parse(given);
  if (!quorum) throw SimError.common(`Property ${WRITE_QUORUM} not valid`);
  return normalized(current, quorum);
}

export function writeQuorumOf(table: Pick<OlapTableMeta, 'properties'>): WriteQuorum {
  return parse(table.properties[WRITE_QUORUM] ?? 'MAJORITY') ?? 'MAJORITY';
}

/** Replicas of a tablet that must write a load. */
export function quorumNum(replicationNum: number, quorum: WriteQuorum): number {
  if (quorum === 'ONE') return 1;
  if (quorum === 'ALL') return replicationNum;
  return Math.floor(replicationNum / 2) + 1;
}

/** A replica that holds every version of its partition (see ReplicaMeta.lastFailedVersion). */
export function isHealthy(replica: ReplicaMeta): boolean {
  return replica.lastFailedVersion === undefined;
}
