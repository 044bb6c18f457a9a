// Errors as the MySQL protocol carries them: a number, a five-character SQLSTATE and a message.
// Statement handlers throw these; the server writes them to the client unchanged.

export interface SqlErrorInfo {
  errno: number;
  sqlState: string;
  message: string;
}

export class SqlError extends Error implements SqlErrorInfo {
  constructor(
    readonly errno: number,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
    this.name = 'SqlError';
  }

  /**
   * StarRocks' ERR_AUTHENTICATION_FAIL (common/ErrorCode.java, raised by
   * authentication/AuthenticationHandler.java): the user name alone, not MySQL's 'user'@'host'.
   */
  static accessDenied(user: string, usingPassword: boolean): SqlError {
    return new SqlError(1045, '28000', `Access denied for user '${user}' (using password: ${usingPassword ? 'YES' : 'NO'})`);
  }
  static noDatabaseSelected(): SqlError {
    return new SqlError(1046, '3D000', 'No database selected');
  }
  static unknownCommand(): SqlError {
    return new SqlError(1047, '08S01', 'Unknown command');
  }
  static unknownDatabase(name: string): SqlError {
    return new SqlError(1049, '42000', `Unknown database '${name}'`);
  }
  static syntax(message: string): SqlError {
    return new SqlError(1064, 'HY000', message);
  }
  static emptyQuery(): SqlError {
    return new SqlError(1065, '42000', 'Query was empty');
  }
  static internal(message: string): SqlError {
    return new SqlError(1105, 'HY000', message);
  }
  static unknownTable(db: string, table: string): SqlError {
    return new SqlError(1146, '42S02', `Table '${db}.${table}' doesn't exist`);
  }
  /**
   * StarRocks' ERR_NOT_SUPPORTED_AUTH_MODE (common/ErrorCode.java), which mysql/MysqlProto.java
   * (readAuthPacket) answers a handshake response it cannot read with.
   */
  static unreadableHandshake(): SqlError {
    return new SqlError(1251, '08004', 'Client does not support authentication protocol requested by server; consider upgrading MySQL client');
  }
  static authPluginNotSupported(plugin: string): SqlError {
    return new SqlError(1251, '08004', `Authentication plugin '${plugin}' is not supported; use mysql_native_password`);
  }
}

/**
 * Anything carrying a numeric errno and a five-character sqlState counts as an SQL error, so the
 * engine's own error classes pass through without this module knowing them. Node's system errors
 * have a (negative) errno too but no sqlState, so they are not mistaken for one.
 */
function isSqlErrorLike(e: unknown): e is SqlErrorInfo {
  if (typeof e !== 'object' || e === null) return false;
  const c = e as Partial<SqlErrorInfo>;
  return (
    typeof c.errno === 'number' &&
    Number.isInteger(c.errno) &&
    c.errno > 0 &&
    c.errno <= 0xffff &&
    typeof c.sqlState === 'string' &&
    /^[0-9A-Z]{5}$/.test(c.sqlState) &&
    typeof c.message === 'string'
  );
}

/** What the client is told about a thrown value: SQL errors as they are, anything else as 1105. */
export function toSqlErrorInfo(e: unknown): SqlErrorInfo {
  if (isSqlErrorLike(e)) return { errno: e.errno, sqlState: e.sqlState, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { errno: 1105, sqlState: 'HY000', message: message === '' ? 'Unknown error' : message };
}
