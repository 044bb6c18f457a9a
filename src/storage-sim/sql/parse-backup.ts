// Repositories, BACKUP and RESTORE, and cancelling those jobs.
import type {
  BackupStatement,
  CancelJobStatement,
  CreateRepositoryStatement,
  RestoreStatement,
  SnapshotTableRef,
} from './ast.js';
import { describeToken, type Cursor } from './cursor.js';
import { compact, parseOptionalPartitionNames, parseOptionalProperties, parseTableName } from './parse-common.js';

/** After CREATE [READ ONLY] REPOSITORY. */
export function parseCreateRepository(c: Cursor, readOnly: boolean): CreateRepositoryStatement {
  const name = c.identifier('a repository name');
  c.expectWords('WITH', 'BROKER');
  let broker: string | undefined;
  if (!c.isWord('ON')) {
    const token = c.current;
    if (token.kind !== 'string' && !c.isIdentifier()) c.fail(`expected a broker name or ON, found ${describeToken(token)}`);
    broker = c.next().value;
  }
  c.expectWords('ON', 'LOCATION');
  const location = c.string('a location in quotes');
  return compact<CreateRepositoryStatement>({
    kind: 'create_repository',
    text: '',
    name,
    readOnly,
    broker,
    location,
    properties: parseOptionalProperties(c),
  });
}

/** After BACKUP or RESTORE. */
export function parseSnapshotJob(c: Cursor, kind: 'backup' | 'restore'): BackupStatement | RestoreStatement {
  if (c.isWord('DATABASE')) c.unsupported(`${kind.toUpperCase()} DATABASE`);
  c.expectWords('SNAPSHOT');
  const snapshot = parseTableName(c, 'a snapshot name');
  if (snapshot.catalog !== undefined) c.fail('a snapshot name has at most two parts', c.previous);
  c.expectWords(kind === 'backup' ? 'TO' : 'FROM');
  const repository = c.identifier('a repository name');
  const tables: SnapshotTableRef[] = [];
  if (c.acceptWords('ON')) {
    c.expectOp('(');
    do tables.push(parseSnapshotTable(c, kind));
    while (c.acceptOp(','));
    c.expectOp(')');
  }
  const properties = parseOptionalProperties(c);
  return compact<BackupStatement | RestoreStatement>({
    kind,
    text: '',
    db: snapshot.db,
    snapshot: snapshot.name,
    repository,
    tables,
    properties,
  });
}

function parseSnapshotTable(c: Cursor, kind: 'backup' | 'restore'): SnapshotTableRef {
  if (c.isAnyWord(['MATERIALIZED', 'VIEW', 'FUNCTION'])) c.unsupported(`${kind.toUpperCase()} of a ${c.current.upper.toLowerCase()}`);
  if (c.isWord('TABLE') && (c.isIdentifier(1) || c.peek(1).kind === 'quoted')) c.next();
  const name = c.identifier('a table name');
  const partitions = parseOptionalPartitionNames(c);
  const alias = kind === 'restore' && c.acceptWords('AS') ? c.identifier('a table name') : undefined;
  return compact<SnapshotTableRef>({ name, partitions, alias });
}

/** After CANCEL BACKUP / CANCEL RESTORE. */
export function parseCancelJob(c: Cursor, kind: 'cancel_backup' | 'cancel_restore'): CancelJobStatement {
  const db = c.acceptOneOf(['FROM', 'IN'] as const) ? c.identifier('a database name') : undefined;
  return compact<CancelJobStatement>({ kind, text: '', db });
}
