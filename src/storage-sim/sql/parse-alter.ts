// ALTER TABLE with one action: the partition (formal and temporary), column, compaction, property
// and rename changes the engine implements. Other StarRocks actions are refused by name.
import type { AlterTableAction, AlterTableStatement, ColumnDef, ColumnPosition } from './ast.js';
import { describeToken, type Cursor } from './cursor.js';
import { parseColumnDef } from './parse-column.js';
import { parseIfExists, parseIfNotExists, parseNameList, parseOptionalPartitionRef, parseOptionalProperties, parsePropertyList, parseTableName, setProperty } from './parse-common.js';
import { parseDistribution, parsePartitionDef } from './parse-table.js';

/** After ALTER TABLE. */
export function parseAlterTable(c: Cursor): AlterTableStatement {
  const table = parseTableName(c);
  const action = parseAction(c);
  if (c.isOp(',')) c.unsupported('several ALTER TABLE actions in one statement');
  return { kind: 'alter_table', text: '', table, action };
}

function parseAction(c: Cursor): AlterTableAction {
  const token = c.current;
  if (c.acceptWords('ADD')) {
    if (c.isWord('PARTITION')) return parseAddPartition(c, false);
    if (c.isWord('TEMPORARY') && c.isWord('PARTITION', 1)) {
      c.next();
      return parseAddPartition(c, true);
    }
    if (c.isWord('COLUMN')) return parseAddColumn(c);
    if (c.isAnyWord(['PARTITIONS', 'TEMPORARY', 'ROLLUP', 'INDEX'])) c.unsupported(`ALTER TABLE ADD ${c.current.upper}${c.isWord('TEMPORARY') ? ` ${c.peek(1).value.toUpperCase()}` : ''}`);
    return c.fail(`expected PARTITION or COLUMN, found ${describeToken(c.current)}`);
  }
  if (c.acceptWords('DROP')) {
    const temporary = c.isWord('TEMPORARY') && c.isWord('PARTITION', 1);
    if (temporary) c.next();
    if (c.acceptWords('PARTITION')) {
      const ifExists = parseIfExists(c);
      const name = c.identifier('a partition name');
      return { kind: temporary ? 'drop_temp_partition' : 'drop_partition', ifExists, name, force: c.acceptWords('FORCE') };
    }
    if (c.acceptWords('COLUMN')) return { kind: 'drop_column', name: c.identifier('a column name') };
    if (c.isAnyWord(['TEMPORARY', 'ROLLUP', 'INDEX'])) c.unsupported(`ALTER TABLE DROP ${c.current.upper}`);
    return c.fail(`expected PARTITION or COLUMN, found ${describeToken(c.current)}`);
  }
  if (c.isWord('REPLACE') && c.isAnyWord(['PARTITION', 'PARTITIONS', 'TEMPORARY'], 1)) return parseReplacePartition(c);
  if (c.acceptWords('MODIFY')) {
    if (c.acceptWords('COLUMN')) {
      const column = parseColumnDef(c);
      const position = parsePosition(c);
      return position ? { kind: 'modify_column', column, position } : { kind: 'modify_column', column };
    }
    if (c.isAnyWord(['PARTITION', 'COMMENT', 'DISTRIBUTION'])) c.unsupported(`ALTER TABLE MODIFY ${c.current.upper}`);
    return c.fail(`expected COLUMN, found ${describeToken(c.current)}`);
  }
  const mode = c.isWord('COMPACT', 1) ? c.acceptOneOf(['BASE', 'CUMULATIVE'] as const) : undefined;
  if (c.acceptWords('COMPACT')) {
    let partitions: string[] = [];
    if (c.isOp('(')) partitions = parseNameList(c, 'a partition name');
    else if (c.isIdentifier()) partitions = [c.next().value];
    return { kind: 'compact', mode: mode ?? 'DEFAULT', partitions };
  }
  if (c.acceptWords('SET')) return { kind: 'set_properties', properties: parsePropertyList(c) };
  if (c.acceptWords('RENAME')) {
    if (c.isAnyWord(['COLUMN', 'PARTITION', 'ROLLUP']) && !c.isOp(';', 1) && c.peek(1).kind !== 'eof') {
      c.unsupported(`ALTER TABLE RENAME ${c.current.upper}`);
    }
    return { kind: 'rename', newName: c.identifier('a table name') };
  }
  if (c.isAnyWord(['SWAP', 'ORDER', 'DISTRIBUTED', 'COMMENT', 'REPLACE'])) c.unsupported(`ALTER TABLE ${c.current.upper}`);
  return c.fail(`expected an ALTER TABLE action, found ${describeToken(token)}`);
}

function parseAddPartition(c: Cursor, temporary: boolean): AlterTableAction {
  const start = c.expectWords('PARTITION');
  const ifNotExists = parseIfNotExists(c);
  const partition = parsePartitionDef(c, start);
  const action: Extract<AlterTableAction, { kind: 'add_partition' | 'add_temp_partition' }> = { kind: temporary ? 'add_temp_partition' : 'add_partition', ifNotExists, partition };
  if (c.isWord('DISTRIBUTED')) action.distribution = parseDistribution(c);
  // Properties may follow the distribution, bare or after PROPERTIES; they belong to the partition.
  if (c.acceptWords('PROPERTIES') || c.isOp('(')) {
    for (const [key, value] of Object.entries(parsePropertyList(c))) setProperty(partition.properties, key, value);
  }
  partition.text = c.textFrom(start);
  return action;
}

/** REPLACE [TEMPORARY] PARTITION (...) WITH [TEMPORARY] PARTITION (...) [PROPERTIES (...)] */
function parseReplacePartition(c: Cursor): AlterTableAction {
  c.expectWords('REPLACE');
  const partitions = parseOptionalPartitionRef(c) ?? c.fail(`expected PARTITION, found ${describeToken(c.current)}`);
  c.expectWords('WITH');
  const tempPartitions = parseOptionalPartitionRef(c) ?? c.fail(`expected TEMPORARY PARTITION, found ${describeToken(c.current)}`);
  return { kind: 'replace_partition', partitions, tempPartitions, properties: parseOptionalProperties(c) };
}

function parseAddColumn(c: Cursor): AlterTableAction {
  c.expectWords('COLUMN');
  if (c.acceptOp('(')) {
    const columns: ColumnDef[] = [parseColumnDef(c)];
    while (c.acceptOp(',')) columns.push(parseColumnDef(c));
    c.expectOp(')');
    return { kind: 'add_column', columns };
  }
  const column = parseColumnDef(c);
  const position = parsePosition(c);
  if (c.isWord('TO') || c.isWord('IN')) c.unsupported('ADD COLUMN to a rollup');
  return position ? { kind: 'add_column', columns: [column], position } : { kind: 'add_column', columns: [column] };
}

function parsePosition(c: Cursor): ColumnPosition | undefined {
  if (c.acceptWords('FIRST')) return { kind: 'first' };
  if (c.acceptWords('AFTER')) return { kind: 'after', column: c.identifier('a column name') };
  return undefined;
}
