// How a result column is described to clients: the MySQL type code, character set, display
// length and flags that StarRocks reports for each of its column types. Clients such as mysql2
// decide from the type code whether a value comes back as a number or a string.

import type { ColumnTypeName } from '../../common/column-types.js';
import { columnDefinitionPacket } from './packets.js';
import { CHARSET_BINARY, CHARSET_UTF8, FieldFlag, FieldType } from './protocol-constants.js';
import type { ColumnSpec } from './types.js';

interface WireType {
  type: number;
  charset: number;
  length: number;
  flags: number;
  decimals: number;
}

const NUMERIC = FieldFlag.NUM | FieldFlag.BINARY;
/** utf8mb4 takes up to four bytes per character; display lengths of text columns are in bytes. */
const BYTES_PER_CHAR = 4;
/** StarRocks' STRING is VARCHAR(65533). */
const MAX_VARCHAR = 65533;
/** MySQL's "not a fixed number of decimals" marker for floating-point columns. */
const FLOATING_DECIMALS = 31;

function text(type: number, chars: number): WireType {
  return { type, charset: CHARSET_UTF8, length: chars * BYTES_PER_CHAR, flags: 0, decimals: 0 };
}

function wireType(spec: ColumnSpec): WireType {
  const name: ColumnTypeName = spec.type ?? 'VARCHAR';
  switch (name) {
    case 'BOOLEAN':
      return { type: FieldType.TINY, charset: CHARSET_BINARY, length: 1, flags: NUMERIC, decimals: 0 };
    case 'TINYINT':
      return { type: FieldType.TINY, charset: CHARSET_BINARY, length: 4, flags: NUMERIC, decimals: 0 };
    case 'SMALLINT':
      return { type: FieldType.SHORT, charset: CHARSET_BINARY, length: 6, flags: NUMERIC, decimals: 0 };
    case 'INT':
      return { type: FieldType.LONG, charset: CHARSET_BINARY, length: 11, flags: NUMERIC, decimals: 0 };
    case 'BIGINT':
      return { type: FieldType.LONGLONG, charset: CHARSET_BINARY, length: 20, flags: NUMERIC, decimals: 0 };
    case 'FLOAT':
      return { type: FieldType.FLOAT, charset: CHARSET_BINARY, length: 12, flags: NUMERIC, decimals: FLOATING_DECIMALS };
    case 'DOUBLE':
      return { type: FieldType.DOUBLE, charset: CHARSET_BINARY, length: 22, flags: NUMERIC, decimals: FLOATING_DECIMALS };
    case 'DECIMAL': {
      const precision = spec.length ?? 38;
      const scale = spec.scale ?? 0;
      // Display length counts the sign and, when there is a fraction, the decimal point.
      return {
        type: FieldType.NEWDECIMAL,
        charset: CHARSET_BINARY,
        length: precision + 1 + (scale > 0 ? 1 : 0),
        flags: NUMERIC,
        decimals: scale,
      };
    }
    case 'DATE':
      return { type: FieldType.DATE, charset: CHARSET_BINARY, length: 10, flags: FieldFlag.BINARY, decimals: 0 };
    case 'DATETIME':
      return { type: FieldType.DATETIME, charset: CHARSET_BINARY, length: 19, flags: FieldFlag.BINARY, decimals: 0 };
    // StarRocks sends LARGEINT (128-bit), CHAR and JSON as MYSQL_TYPE_STRING, so clients keep
    // them as text rather than parsing into a lossy number or an object.
    case 'LARGEINT':
      return text(FieldType.STRING, 40);
    case 'CHAR':
      return text(FieldType.STRING, spec.length ?? 1);
    case 'JSON':
      return text(FieldType.STRING, MAX_VARCHAR);
    case 'VARCHAR':
      return text(FieldType.VAR_STRING, spec.length ?? MAX_VARCHAR);
    case 'STRING':
      return text(FieldType.VAR_STRING, MAX_VARCHAR);
    default:
      // A type added to the engine later is shown as text until it gets its own mapping.
      return text(FieldType.VAR_STRING, MAX_VARCHAR);
  }
}

/** The column definition packet for one result column. */
export function columnDefinition(spec: ColumnSpec, currentDatabase: string | undefined): Buffer {
  const t = wireType(spec);
  return columnDefinitionPacket({
    schema: spec.schema ?? currentDatabase ?? '',
    table: spec.table ?? '',
    name: spec.name,
    ...t,
  });
}
