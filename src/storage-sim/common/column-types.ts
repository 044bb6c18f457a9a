// Column types of the reference engine: the StarRocks types the sample data, the seeds and the
// tests use. A column's type decides how a value is parsed from SQL or CSV text, stored, compared
// and printed.

export type ColumnTypeName =
  | 'BOOLEAN'
  | 'TINYINT'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'LARGEINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'CHAR'
  | 'VARCHAR'
  | 'STRING'
  | 'DATE'
  | 'DATETIME'
  | 'JSON';

export interface ColumnType {
  name: ColumnTypeName;
  /** CHAR/VARCHAR length; DECIMAL precision. */
  length?: number;
  /** DECIMAL scale. */
  scale?: number;
}

/**
 * A stored value. Integers that fit in a double are numbers; BIGINT and LARGEINT are decimal
 * strings (exact); DECIMAL is a canonical decimal string with exactly `scale` digits after the
 * point; DATE is 'YYYY-MM-DD'; DATETIME is 'YYYY-MM-DD HH:MM:SS[.ffffff]'; BOOLEAN is true/false;
 * JSON is its canonical text. NULL is null.
 */
export type Value = null | boolean | number | string;
