// Errors the reference FE answers with: a MySQL error number, SQLSTATE and message, as StarRocks
// (or MySQL, where StarRocks keeps MySQL's) reports them, so clients see what they would see
// against a real cluster.

export class SimError extends Error {
  constructor(
    readonly errno: number,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
    this.name = 'SimError';
  }

  static noDatabaseSelected(): SimError {
    return new SimError(1046, '3D000', 'No database selected');
  }
  static unknownDatabase(name: string): SimError {
    return new SimError(1049, '42000', `Unknown database '${name}'`);
  }
  static databaseExists(name: string): SimError {
    return new SimError(1007, 'HY000', `Can't create database '${name}'; database exists`);
  }
  static unknownTable(db: string, name: string): SimError {
    return new SimError(1146, '42S02', `Table '${db}.${name}' doesn't exist`);
  }
  static tableExists(name: string): SimError {
    return new SimError(1050, '42S01', `Table '${name}' already exists`);
  }
  static unknownColumn(name: string, where = 'field list'): SimError {
    return new SimError(1054, '42S22', `Unknown column '${name}' in '${where}'`);
  }
  /**
   * A name a query's analysis cannot find (sql/analyzer/Scope.java resolveField), reported as
   * StarRocks' SemanticException prints it: the reference as SQL, each part back-quoted.
   */
  static columnCannotBeResolved(parts: string[]): SimError {
    const sql = parts.map((part) => '`' + part.replaceAll('`', '``') + '`').join('.');
    return SimError.semantic(`Column '${sql}' cannot be resolved`);
  }
  /**
   * A SemanticException without a position (sql/analyzer/SemanticException.java getMessage): the
   * detail between "Getting analyzing error. Detail message: " and a final '.', even when the
   * detail ends with one. StmtExecutor reports it without an error code: 1064 / HY000.
   */
  static semantic(detail: string): SimError {
    return new SimError(1064, 'HY000', `Getting analyzing error. Detail message: ${detail}.`);
  }
  static duplicateColumn(name: string): SimError {
    return new SimError(1060, '42S21', `Duplicate column name '${name}'`);
  }
  static unknownPartition(name: string, table: string): SimError {
    return new SimError(1735, 'HY000', `Unknown partition '${name}' in table '${table}'`);
  }
  static duplicatePartition(name: string): SimError {
    return new SimError(1517, 'HY000', `Duplicate partition name ${name}`);
  }
  static columnCountMismatch(row: number): SimError {
    return new SimError(1136, '21S01', `Column count doesn't match value count at row ${row}`);
  }
  static unsupported(what: string): SimError {
    return new SimError(1235, '42000', `This version of StarRocks doesn't yet support '${what}'`);
  }
  static invalid(message: string): SimError {
    return new SimError(1064, 'HY000', message);
  }
  /**
   * StarRocks' LabelAlreadyUsedException (common/LabelAlreadyUsedException.java), a DdlException:
   * the text only, so a client that sees it unwrapped gets MysqlErrPacket's 1064 / HY000.
   */
  static labelAlreadyUsed(label: string): SimError {
    return new SimError(1064, 'HY000', `Label [${label}] has already been used.`);
  }
  static tooManyTransactions(message: string): SimError {
    return new TooManyTransactionsError(message);
  }
  /**
   * A DdlException (or an analysis error raised while a DDL runs). StarRocks reports its text
   * without an error code, so the client gets MysqlErrPacket's defaults: 1064 and HY000.
   */
  static ddl(message: string): SimError {
    return new SimError(1064, 'HY000', message);
  }
  /** StarRocks' ERR_COMMON_ERROR, which backup, restore and repository statements answer with. */
  static common(message: string): SimError {
    return new SimError(5064, '42000', message);
  }
  static badTable(name: string): SimError {
    return new SimError(1051, '42S02', `Unknown table '${name}'`);
  }
  static notOlapTable(name: string): SimError {
    return new SimError(5000, 'HY000', `Table '${name}' is not a OLAP table`);
  }
  static badTableState(message: string): SimError {
    return new SimError(5014, 'HY000', `Table state is not NORMAL: ${message}`);
  }
  /** A SemanticException from StarRocks' analyzer (ErrorReport.reportSemanticException), as the client sees it. */
  static analysis(detail: string): SimError {
    return new SimError(1064, 'HY000', `Getting analyzing error. Detail message: ${detail}`);
  }
  static internal(message: string): SimError {
    return new SimError(1105, 'HY000', message);
  }
}

/**
 * A transaction that could not begin (its label is taken, or the database has too many running).
 * A class of its own so that INSERT can report it the way StarRocks' planner does, wrapped, while
 * Stream Load and replication report the text as it is.
 */
export class BeginTransactionError extends SimError {}

/** StarRocks' RunningTxnExceedException: an asynchronous load waits and retries instead of failing. */
export class TooManyTransactionsError extends BeginTransactionError {
  constructor(message: string) {
    super(1105, 'HY000', message);
    this.name = 'TooManyTransactionsError';
  }
}
