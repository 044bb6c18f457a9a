// The statements the reference FE understands, as plain data. Names are unquoted strings as
// written (case kept: the catalogue decides how to compare them); keywords-as-values (key types,
// scopes, function names) are upper case. Every statement keeps its exact source text.
import type { ColumnType } from '../common/column-types.js';

export interface TableName {
  /** Only when written (`default_catalog.db.t`). */
  catalog?: string;
  db?: string;
  name: string;
}

/** PROPERTIES ("k" = "v", ...), in the order written. */
export type Properties = Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | NumberLiteral
  | StringLiteral
  | NullLiteral
  | BooleanLiteral
  | ColumnRef
  | SystemVariableRef
  | UserVariableRef
  | FunctionCall
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | BetweenExpr
  | IsNullExpr
  | LikeExpr;

/** The literal's text, so BIGINT, LARGEINT and DECIMAL values keep every digit. A leading minus is folded in. */
export interface NumberLiteral {
  kind: 'number';
  text: string;
}
export interface StringLiteral {
  kind: 'string';
  value: string;
}
export interface NullLiteral {
  kind: 'null';
}
export interface BooleanLiteral {
  kind: 'boolean';
  value: boolean;
}
/** `c`, `t.c` or `db.t.c`. A bare word on the right of SET (`SET x = ON`) also arrives as one. */
export interface ColumnRef {
  kind: 'column';
  db?: string;
  table?: string;
  name: string;
}
export interface SystemVariableRef {
  kind: 'system_variable';
  /** Absent for plain @@name. */
  scope?: 'GLOBAL' | 'SESSION';
  name: string;
}
export interface UserVariableRef {
  kind: 'user_variable';
  name: string;
}
export interface FunctionCall {
  kind: 'function';
  /** Upper case. */
  name: string;
  args: Expr[];
  /** COUNT(DISTINCT c) */
  distinct: boolean;
  /** COUNT(*) */
  star: boolean;
}
export interface UnaryExpr {
  kind: 'unary';
  op: '-' | 'NOT';
  operand: Expr;
}
export type BinaryOp = 'OR' | 'AND' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
export interface BinaryExpr {
  kind: 'binary';
  /** `<>` arrives as '!='. */
  op: BinaryOp;
  left: Expr;
  right: Expr;
}
export interface InExpr {
  kind: 'in';
  expr: Expr;
  list: Expr[];
  not: boolean;
}
export interface BetweenExpr {
  kind: 'between';
  expr: Expr;
  low: Expr;
  high: Expr;
  not: boolean;
}
export interface IsNullExpr {
  kind: 'is_null';
  expr: Expr;
  not: boolean;
}
export interface LikeExpr {
  kind: 'like';
  expr: Expr;
  pattern: Expr;
  not: boolean;
}

// ---------------------------------------------------------------------------------------------
// SELECT

export type SelectItem =
  /** `*`, `t.*`, `db.t.*` */
  | { kind: 'star'; db?: string; table?: string; text: string }
  /** text is the expression as written (without the alias): MySQL names the column after it. */
  | { kind: 'expr'; expr: Expr; alias?: string; text: string };

export interface FromClause {
  table: TableName;
  alias?: string;
  partitions?: string[];
  /** TEMPORARY PARTITION (...): `partitions` names temporary partitions (set only when written). */
  temporary?: boolean;
}

export interface OrderByItem {
  expr: Expr;
  desc: boolean;
}

export interface Limit {
  count: number;
  offset: number;
}

export interface SelectStatement {
  kind: 'select';
  text: string;
  distinct: boolean;
  items: SelectItem[];
  from?: FromClause;
  where?: Expr;
  groupBy: Expr[];
  having?: Expr;
  orderBy: OrderByItem[];
  limit?: Limit;
}

// ---------------------------------------------------------------------------------------------
// Tables

export type AggregationName = 'SUM' | 'MAX' | 'MIN' | 'REPLACE' | 'REPLACE_IF_NOT_NULL';

export type ColumnDefault =
  /** A string or number literal: the string's characters or the number's text. */
  | { kind: 'value'; value: string }
  | { kind: 'null' }
  | { kind: 'current_timestamp' };

export interface ColumnDef {
  name: string;
  type: ColumnType;
  /** The type as written, e.g. `decimal(10, 2)`. */
  typeText: string;
  /** Absent when neither NULL nor NOT NULL was written. */
  nullable?: boolean;
  defaultValue?: ColumnDefault;
  aggregation?: AggregationName;
  autoIncrement?: boolean;
  comment?: string;
  /** The whole definition as written. */
  text: string;
}

export interface IndexDef {
  name: string;
  columns: string[];
  /** Only BITMAP is accepted. */
  using: 'BITMAP';
  comment?: string;
}

export type KeysKind = 'DUPLICATE' | 'PRIMARY' | 'UNIQUE' | 'AGGREGATE';

export interface KeysDef {
  kind: KeysKind;
  columns: string[];
}

/**
 * Bound values keep their literal text (a string's characters, a number's text); one per
 * partition column. null is MAXVALUE (or MINVALUE as a lower bound).
 */
export type PartitionValues =
  | { kind: 'less_than'; upper: string[] | null }
  | { kind: 'fixed'; lower: string[] | null; upper: string[] | null };

export interface PartitionDef {
  name: string;
  values: PartitionValues;
  properties: Properties;
  text: string;
}

export interface RangePartitioning {
  kind: 'RANGE';
  columns: string[];
  partitions: PartitionDef[];
}

export type DistributionDef =
  /** buckets absent: chosen by the engine. */
  | { kind: 'HASH'; columns: string[]; buckets?: number }
  | { kind: 'RANDOM'; buckets?: number };

export interface CreateTableStatement {
  kind: 'create_table';
  text: string;
  table: TableName;
  ifNotExists: boolean;
  columns: ColumnDef[];
  indexes: IndexDef[];
  /** Upper case; only OLAP is accepted. */
  engine?: 'OLAP';
  keys?: KeysDef;
  comment?: string;
  partitioning?: RangePartitioning;
  distribution?: DistributionDef;
  orderBy?: string[];
  properties: Properties;
}

export interface DropTableStatement {
  kind: 'drop_table';
  text: string;
  table: TableName;
  ifExists: boolean;
  force: boolean;
}

export interface TruncateTableStatement {
  kind: 'truncate_table';
  text: string;
  table: TableName;
  /** Absent: the whole table. */
  partitions?: string[];
}

export type ColumnPosition = { kind: 'first' } | { kind: 'after'; column: string };

export type AlterTableAction =
  | {
      kind: 'add_partition';
      ifNotExists: boolean;
      partition: PartitionDef;
      distribution?: DistributionDef;
    }
  | { kind: 'drop_partition'; ifExists: boolean; name: string; force: boolean }
  /** One column (position allowed) or a parenthesised list (no position). */
  | { kind: 'add_column'; columns: ColumnDef[]; position?: ColumnPosition }
  | { kind: 'drop_column'; name: string }
  | { kind: 'modify_column'; column: ColumnDef; position?: ColumnPosition }
  /** partitions empty: every partition. */
  | { kind: 'compact'; mode: 'DEFAULT' | 'BASE' | 'CUMULATIVE'; partitions: string[] }
  | { kind: 'set_properties'; properties: Properties }
  | { kind: 'rename'; newName: string }
  | {
      kind: 'add_temp_partition';
      ifNotExists: boolean;
      partition: PartitionDef;
      distribution?: DistributionDef;
    }
  | { kind: 'drop_temp_partition'; ifExists: boolean; name: string; force: boolean }
  /**
   * REPLACE PARTITION (p, ...) WITH TEMPORARY PARTITION (tp, ...) [PROPERTIES (...)]. Either list
   * may be written with or without TEMPORARY; the FE refuses every combination but this one.
   */
  | { kind: 'replace_partition'; partitions: PartitionRef; tempPartitions: PartitionRef; properties: Properties };

/** `[TEMPORARY] PARTITION (a, b)` */
export interface PartitionRef {
  names: string[];
  temporary: boolean;
}

export interface AlterTableStatement {
  kind: 'alter_table';
  text: string;
  table: TableName;
  action: AlterTableAction;
}

// ---------------------------------------------------------------------------------------------
// Views and materialized views

export interface ViewColumn {
  name: string;
  comment?: string;
}

interface ViewDefinition {
  text: string;
  view: TableName;
  columns?: ViewColumn[];
  /** The column list as written, parentheses included. */
  columnsText?: string;
  comment?: string;
  /** The query as written, from its first token to the end of the statement. */
  queryText: string;
  /**
   * The query, when it is within the SELECT subset this parser reads. A view may use more (joins,
   * subqueries): the engine then keeps it as text only.
   */
  query: SelectStatement | null;
}

export interface CreateViewStatement extends ViewDefinition {
  kind: 'create_view';
  ifNotExists: boolean;
  orReplace: boolean;
}

export interface AlterViewStatement extends ViewDefinition {
  kind: 'alter_view';
}

export interface DropViewStatement {
  kind: 'drop_view';
  text: string;
  view: TableName;
  ifExists: boolean;
}

export type RefreshMoment = 'IMMEDIATE' | 'DEFERRED';
export type RefreshKind = 'ASYNC' | 'MANUAL' | 'INCREMENTAL';

export interface RefreshDef {
  moment?: RefreshMoment;
  kind?: RefreshKind;
  /** START ('...'): the string's characters. */
  start?: string;
  /** EVERY (INTERVAL n unit): n's text and the unit upper-cased. */
  every?: { value: string; unit: string };
  text: string;
}

export interface CreateMaterializedViewStatement {
  kind: 'create_materialized_view';
  text: string;
  view: TableName;
  ifNotExists: boolean;
  columns?: ViewColumn[];
  comment?: string;
  /** PARTITION BY's expression, and its text (without the keywords). */
  partitionBy?: { expr: Expr; text: string };
  distribution?: DistributionDef;
  /** Each clause as written, keywords included. */
  distributionText?: string;
  refresh?: RefreshDef;
  orderBy?: string[];
  properties: Properties;
  propertiesText?: string;
  /** Every clause between the name and AS, as written (empty when none). */
  clausesText: string;
  queryText: string;
  query: SelectStatement | null;
}

export interface DropMaterializedViewStatement {
  kind: 'drop_materialized_view';
  text: string;
  view: TableName;
  ifExists: boolean;
}

// ---------------------------------------------------------------------------------------------
// Databases and sessions

export interface CreateDatabaseStatement {
  kind: 'create_database';
  text: string;
  name: string;
  ifNotExists: boolean;
  properties: Properties;
}

export interface DropDatabaseStatement {
  kind: 'drop_database';
  text: string;
  name: string;
  ifExists: boolean;
  force: boolean;
}

export interface UseStatement {
  kind: 'use';
  text: string;
  catalog?: string;
  db: string;
}

export type SetTarget =
  | { kind: 'system'; scope: 'GLOBAL' | 'SESSION'; name: string }
  | { kind: 'user'; name: string };

export interface SetAssignment {
  target: SetTarget;
  value: Expr;
}

export interface SetVariablesStatement {
  kind: 'set_variables';
  text: string;
  assignments: SetAssignment[];
}

export interface SetNamesStatement {
  kind: 'set_names';
  text: string;
  /** DEFAULT arrives as 'DEFAULT'. */
  charset: string;
  collation?: string;
}

export interface SetCharsetStatement {
  kind: 'set_charset';
  text: string;
  charset: string;
}

export interface KillStatement {
  kind: 'kill';
  text: string;
  target: 'CONNECTION' | 'QUERY';
  id: number;
}

export interface TransactionControlStatement {
  kind: 'begin' | 'commit' | 'rollback';
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Loading

export type InsertSource = { kind: 'values'; rows: Expr[][] } | { kind: 'select'; query: SelectStatement };

export interface InsertStatement {
  kind: 'insert';
  text: string;
  /** INSERT OVERWRITE (set only when written). */
  overwrite?: boolean;
  table: TableName;
  partitions?: string[];
  /** TEMPORARY PARTITION (...): `partitions` names temporary partitions (set only when written). */
  temporary?: boolean;
  label?: string;
  columns?: string[];
  source: InsertSource;
}

// ---------------------------------------------------------------------------------------------
// SHOW and ADMIN

/** LIKE 'pattern' or WHERE expr, where a SHOW allows them. */
export interface ShowFilter {
  like?: string;
  where?: Expr;
}

export interface ShowDatabasesStatement extends ShowFilter {
  kind: 'show_databases';
  text: string;
}
export interface ShowTablesStatement extends ShowFilter {
  kind: 'show_tables';
  text: string;
  full: boolean;
  db?: string;
}
export interface ShowPartitionsStatement {
  kind: 'show_partitions';
  text: string;
  temporary: boolean;
  table: TableName;
  where?: Expr;
  orderBy: OrderByItem[];
  limit?: Limit;
}
/** SHOW TABLET FROM t */
export interface ShowTabletsStatement {
  kind: 'show_tablets';
  text: string;
  table: TableName;
  partitions?: string[];
}
/** SHOW TABLET <id> */
export interface ShowTabletStatement {
  kind: 'show_tablet';
  text: string;
  tabletId: number;
}
export interface ShowDataStatement {
  kind: 'show_data';
  text: string;
  table?: TableName;
}
export interface ShowProcStatement {
  kind: 'show_proc';
  text: string;
  path: string;
}
export interface ShowCreateTableStatement {
  kind: 'show_create_table';
  text: string;
  /** What the statement named; the FE answers for whatever the name turns out to be. */
  objectType: 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW';
  table: TableName;
}
export interface ShowCreateDatabaseStatement {
  kind: 'show_create_database';
  text: string;
  name: string;
}
export interface ShowVariablesStatement extends ShowFilter {
  kind: 'show_variables';
  text: string;
  /** Absent: SESSION (MySQL's default). */
  scope?: 'GLOBAL' | 'SESSION';
}
export interface ShowColumnsStatement extends ShowFilter {
  kind: 'show_columns';
  text: string;
  full: boolean;
  /** A second FROM db fills table.db. */
  table: TableName;
}
export interface ShowMaterializedViewsStatement extends ShowFilter {
  kind: 'show_materialized_views';
  text: string;
  db?: string;
}
export interface ShowTransactionStatement {
  kind: 'show_transaction';
  text: string;
  db?: string;
  id: number;
}
export interface ShowSnapshotStatement {
  kind: 'show_snapshot';
  text: string;
  repository: string;
  snapshot?: string;
  timestamp?: string;
}
export interface ShowJobStatement {
  kind: 'show_backup' | 'show_restore';
  text: string;
  db?: string;
}
export interface ShowProcesslistStatement {
  kind: 'show_processlist';
  text: string;
  full: boolean;
}
export interface ShowStatusStatement extends ShowFilter {
  kind: 'show_status';
  text: string;
  scope?: 'GLOBAL' | 'SESSION';
}
export interface SimpleShowStatement {
  kind: 'show_backends' | 'show_frontends' | 'show_compute_nodes' | 'show_repositories' | 'show_warnings';
  text: string;
}

export interface AdminShowConfigStatement {
  kind: 'admin_show_config';
  text: string;
  target: 'FRONTEND' | 'BACKEND';
  like?: string;
}
export interface AdminSetConfigStatement {
  kind: 'admin_set_config';
  text: string;
  target: 'FRONTEND' | 'BACKEND';
  properties: Properties;
}
/** UPDATE information_schema.be_configs SET value = 'v' WHERE name = 'k' [AND be_id = n] */
export interface UpdateBackendConfigStatement {
  kind: 'update_be_config';
  text: string;
  name: string;
  value: string;
  backendId?: number;
}

// ---------------------------------------------------------------------------------------------
// Backup and restore

export interface CreateRepositoryStatement {
  kind: 'create_repository';
  text: string;
  name: string;
  readOnly: boolean;
  /** WITH BROKER's optional broker name. */
  broker?: string;
  location: string;
  properties: Properties;
}
export interface DropRepositoryStatement {
  kind: 'drop_repository';
  text: string;
  name: string;
}
export interface SnapshotTableRef {
  name: string;
  partitions?: string[];
  /** RESTORE ... AS new_name */
  alias?: string;
}
export interface BackupStatement {
  kind: 'backup';
  text: string;
  db?: string;
  snapshot: string;
  repository: string;
  /** Empty: the whole database. */
  tables: SnapshotTableRef[];
  properties: Properties;
}
export interface RestoreStatement {
  kind: 'restore';
  text: string;
  db?: string;
  snapshot: string;
  repository: string;
  tables: SnapshotTableRef[];
  properties: Properties;
}
export interface CancelJobStatement {
  kind: 'cancel_backup' | 'cancel_restore';
  text: string;
  db?: string;
}

// ---------------------------------------------------------------------------------------------
// Broker Load

/** One `DATA INFILE (...) INTO TABLE t ...` clause of a LOAD statement. */
export interface LoadDataDescription {
  paths: string[];
  table: string;
  partitions?: string[];
  /** COLUMNS TERMINATED BY, as written (escapes like \t not yet resolved). */
  columnSeparator?: string;
  /** ROWS TERMINATED BY, as written. */
  rowDelimiter?: string;
  /** FORMAT AS, as written. */
  format?: string;
  /** The `(c1, c2, ...)` list naming the file's fields. */
  columns?: string[];
}
export interface LoadStatement {
  kind: 'load';
  text: string;
  db?: string;
  label: string;
  descriptions: LoadDataDescription[];
  /** WITH BROKER's optional broker name. */
  broker?: string;
  brokerProperties: Properties;
  properties: Properties;
}
export interface ShowLoadStatement {
  kind: 'show_load';
  text: string;
  db?: string;
  /** LABEL = "x" (exact) or LABEL LIKE "x". */
  label?: { value: string; exact: boolean };
  state?: string;
  orderBy: OrderByItem[];
  limit?: Limit;
}
export interface CancelLoadStatement {
  kind: 'cancel_load';
  text: string;
  db?: string;
  label: string;
}

// ---------------------------------------------------------------------------------------------

/** CREATE STORAGE VOLUME [IF NOT EXISTS] name TYPE = t LOCATIONS = ('...') [COMMENT '...'] [PROPERTIES (...)] */
export interface CreateStorageVolumeStatement {
  kind: 'create_storage_volume';
  text: string;
  name: string;
  ifNotExists: boolean;
  /** As written (StarRocks matches it case-insensitively). */
  type: string;
  locations: string[];
  comment?: string;
  properties: Properties;
}

/** ALTER STORAGE VOLUME name SET (...) | COMMENT = '...' [, ...] */
export interface AlterStorageVolumeStatement {
  kind: 'alter_storage_volume';
  text: string;
  name: string;
  properties: Properties;
  comment?: string;
}

export interface DropStorageVolumeStatement {
  kind: 'drop_storage_volume';
  text: string;
  name: string;
  ifExists: boolean;
}

/** SET name AS DEFAULT STORAGE VOLUME */
export interface SetDefaultStorageVolumeStatement {
  kind: 'set_default_storage_volume';
  text: string;
  name: string;
}

export interface ShowStorageVolumesStatement {
  kind: 'show_storage_volumes';
  text: string;
  like?: string;
}

/** DESC[RIBE] STORAGE VOLUME name */
export interface DescStorageVolumeStatement {
  kind: 'desc_storage_volume';
  text: string;
  name: string;
}

export type Statement =
  | CreateDatabaseStatement
  | DropDatabaseStatement
  | UseStatement
  | CreateTableStatement
  | DropTableStatement
  | TruncateTableStatement
  | AlterTableStatement
  | CreateViewStatement
  | AlterViewStatement
  | DropViewStatement
  | CreateMaterializedViewStatement
  | DropMaterializedViewStatement
  | InsertStatement
  | SelectStatement
  | ShowDatabasesStatement
  | ShowTablesStatement
  | ShowPartitionsStatement
  | ShowTabletsStatement
  | ShowTabletStatement
  | ShowDataStatement
  | ShowProcStatement
  | ShowCreateTableStatement
  | ShowCreateDatabaseStatement
  | ShowVariablesStatement
  | ShowColumnsStatement
  | ShowMaterializedViewsStatement
  | ShowTransactionStatement
  | ShowSnapshotStatement
  | ShowJobStatement
  | ShowProcesslistStatement
  | ShowStatusStatement
  | SimpleShowStatement
  | AdminShowConfigStatement
  | AdminSetConfigStatement
  | UpdateBackendConfigStatement
  | SetVariablesStatement
  | SetNamesStatement
  | SetCharsetStatement
  | KillStatement
  | TransactionControlStatement
  | CreateRepositoryStatement
  | DropRepositoryStatement
  | BackupStatement
  | RestoreStatement
  | CancelJobStatement
  | LoadStatement
  | ShowLoadStatement
  | CancelLoadStatement
  | CreateStorageVolumeStatement
  | AlterStorageVolumeStatement
  | DropStorageVolumeStatement
  | SetDefaultStorageVolumeStatement
  | ShowStorageVolumesStatement
  | DescStorageVolumeStatement;

export type StatementKind = Statement['kind'];

/** The statement type for one kind, e.g. StatementOfKind<'show_backup'> (some interfaces share several kinds). */
export type StatementOfKind<K extends StatementKind> = Statement extends infer S
  ? S extends { kind: infer SK }
    ? K extends SK
      ? S & { kind: K }
      : never
    : never
  : never;
