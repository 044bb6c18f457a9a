// Turns the fields of one loaded record (CSV columns, JSON members, INSERT values) into a row in
// table column order: maps the load's column list onto the table, fills defaults, checks NOT NULL
// and converts text to typed values. A record that cannot be converted is filtered with a reason
// (StarRocks counts it in NumberFilteredRows) instead of failing the whole load.
import type { Value } from '../../common/column-types.js';
import { parseValue } from '../../common/values.js';
import type { ColumnMeta } from '../catalog/model.js';
import { SimError } from '../sim-error.js';
import type { IncomingRow } from './load-coordinator.js';

/** A column's default as load text; CURRENT_TIMESTAMP is the time of the load. */
function defaultText(column: ColumnMeta): string | null {
  if (column.defaultValue === 'CURRENT_TIMESTAMP') {
    const d = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }
  return column.defaultValue ?? null;
}

/**
 * The load column that marks a PRIMARY KEY table's record as an upsert or a delete.
 * StarRocks: fe/fe-core/src/main/java/com/starrocks/load/Load.java (LOAD_OP_COLUMN)
 */
export const OP_COLUMN = '__op';

export class RowConverter {
  /** For each table column: the index of its field in a record, or -1 when the load does not provide it. */
  private readonly sourceIndex: number[];
  /** How many fields every record must have. */
  readonly fieldCount: number;
  /** The index of the `__op` field (0 upsert, 1 delete), or -1 when the load has none. */
  private readonly opIndex: number;

  /**
   * @param loadColumns the names the load's fields stand for, in field order (Stream Load's
   *   `columns` header, INSERT's column list); all table columns in order when absent.
   * @param options.opColumn the load may name `__op` among its columns (a PRIMARY KEY table's
   *   Stream Load): that field says whether the record upserts (0) or deletes (1) its key.
   */
  constructor(
    private readonly columns: ColumnMeta[],
    loadColumns?: string[],
    options: { opColumn?: boolean } = {},
  ) {
    const names = loadColumns ?? columns.map((c) => c.name);
    this.fieldCount = names.length;
    this.opIndex = options.opColumn ? names.findIndex((n) => n.toLowerCase() === OP_COLUMN) : -1;
    const seen = new Set<string>();
    for (const name of names) {
      const lower = name.toLowerCase();
      if (seen.has(lower)) throw SimError.invalid(`Duplicate column name '${name}' in the column list`);
      seen.add(lower);
      if (lower === OP_COLUMN && this.opIndex >= 0) continue;
      if (!columns.some((c) => c.name.toLowerCase() === lower)) throw SimError.unknownColumn(name);
    }
    this.sourceIndex = columns.map((c) => names.findIndex((n) => n.toLowerCase() === c.name.toLowerCase()));
    for (const [i, column] of columns.entries()) {
      if (this.sourceIndex[i] === -1 && !column.nullable && column.defaultValue === undefined) {
        throw SimError.invalid(`Column '${column.name}' has no default value and is not nullable, so it must be in the column list`);
      }
    }
  }

  /** Converts text fields (null = SQL NULL / CSV \N; undefined = not given, so the column default). */
  convert(fields: (string | null | undefined)[]): IncomingRow {
    if (fields.length !== this.fieldCount) {
      const which = fields.length < this.fieldCount ? 'less' : 'more';
      return { filtered: `actual column number is ${which} than schema column number. actual number: ${fields.length}, schema column number: ${this.fieldCount}` };
    }
    let isDelete = false;
    if (this.opIndex >= 0) {
      const op = fields[this.opIndex]?.trim();
      if (op !== '0' && op !== '1') return { filtered: `column '${OP_COLUMN}': '${String(op)}' is not 0 (upsert) or 1 (delete)` };
      isDelete = op === '1';
    }
    const values: Value[] = new Array(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const index = this.sourceIndex[i]!;
      const given = index >= 0 ? fields[index] : undefined;
      const text = given === undefined ? defaultText(column) : given;
      if (text === null) {
        if (!column.nullable) return { filtered: `column '${column.name}' is NOT NULL but the value is NULL` };
        values[i] = null;
        continue;
      }
      try {
        values[i] = parseValue(column.type, text);
      } catch (error) {
        return { filtered: `column '${column.name}': ${(error as Error).message}` };
      }
    }
    return isDelete ? { values, delete: true } : { values };
  }
}
