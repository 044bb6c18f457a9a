// Column types as StarRocks prints them in SHOW CREATE TABLE and DESC (int(11), varchar(65533),
// decimal(10, 2), ...), so the DDL the engine echoes reads like a real cluster's.
import type { ColumnType } from '../../common/column-types.js';

const DISPLAY_WIDTH: Partial<Record<ColumnType['name'], number>> = { TINYINT: 4, SMALLINT: 6, INT: 11, BIGINT: 20, LARGEINT: 40 };

export function formatColumnType(type: ColumnType): string {
  switch (type.name) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'LARGEINT':
      return `${type.name.toLowerCase()}(${DISPLAY_WIDTH[type.name]})`;
    case 'DECIMAL':
      return `decimal(${type.length ?? 10}, ${type.scale ?? 0})`;
    case 'CHAR':
      return `char(${type.length ?? 1})`;
    case 'VARCHAR':
      return `varchar(${type.length ?? 65533})`;
    case 'STRING':
      return 'varchar(65533)';
    default:
      return type.name.toLowerCase();
  }
}
