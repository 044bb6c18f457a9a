// Databases and tables named on the command line, written as include_data_list writes them: `db`
// or `db.table`, with backticks around a name that holds a dot, a comma or a space
// (`my.db`.`orders.2024`), inner backticks doubled.
import { InvalidArgumentError } from 'commander';
import { DataListSyntaxError, parseDataList, type DataRef } from '../config/data-rules.js';

const QUOTING = 'backticks around a name holding a dot, comma or space, e.g. `my.db`.`orders.2024`';

function oneRef(raw: string, expected: string): DataRef {
  let refs: DataRef[];
  try {
    refs = parseDataList(raw);
  } catch (error) {
    if (!(error instanceof DataListSyntaxError)) throw error;
    throw new InvalidArgumentError(`${error.message}; expected ${expected} (${QUOTING})`);
  }
  if (refs.length !== 1) throw new InvalidArgumentError(`${refs.length === 0 ? 'no name' : `${refs.length} names`} given; expected ${expected} (${QUOTING})`);
  return refs[0]!;
}

/** `db.table`, for commander's argument parser. */
export function tableArgument(raw: string): { db: string; table: string } {
  const ref = oneRef(raw, 'one table as db.table');
  if (ref.table === undefined) throw new InvalidArgumentError(`"${ref.db}" names no table; expected one table as db.table (${QUOTING})`);
  return { db: ref.db, table: ref.table };
}

/** `db`, for commander's argument parser. */
export function databaseArgument(raw: string): string {
  const ref = oneRef(raw, 'one database name');
  if (ref.table !== undefined) throw new InvalidArgumentError(`"${raw}" has two parts; expected one database name (for a table, --table db.table; ${QUOTING})`);
  return ref.db;
}
