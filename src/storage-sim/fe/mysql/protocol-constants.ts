// Numbers of the MySQL client/server protocol that this server uses.

/** Capability flags (CLIENT_*). */
export const Capability = {
  LONG_FLAG: 0x00000004,
  CONNECT_WITH_DB: 0x00000008,
  PROTOCOL_41: 0x00000200,
  SECURE_CONNECTION: 0x00008000,
  MULTI_STATEMENTS: 0x00010000,
  MULTI_RESULTS: 0x00020000,
  PLUGIN_AUTH: 0x00080000,
  CONNECT_ATTRS: 0x00100000,
  PLUGIN_AUTH_LENENC_CLIENT_DATA: 0x00200000,
} as const;

/**
 * What the server advertises: StarRocks' default capability (mysql/MysqlCapability.java
 * DEFAULT_FLAGS) plus MULTI_STATEMENTS and MULTI_RESULTS, which this server needs a client to
 * ask for before it runs several statements in one query. Absent, as in StarRocks: TRANSACTIONS
 * (so drivers such as MySQLdb do not switch autocommit at login), DEPRECATE_EOF, QUERY_ATTRIBUTES
 * and SESSION_TRACK (they change packet layouts), SSL and COMPRESS (not implemented).
 */
export const SERVER_CAPABILITIES =
  Capability.LONG_FLAG |
  Capability.CONNECT_WITH_DB |
  Capability.PROTOCOL_41 |
  Capability.SECURE_CONNECTION |
  Capability.MULTI_STATEMENTS |
  Capability.MULTI_RESULTS |
  Capability.PLUGIN_AUTH |
  Capability.CONNECT_ATTRS |
  Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA;

/**
 * Server status flags. StarRocks sets none but MORE_RESULTS_EXISTS (mysql/MysqlServerStatusFlag.java;
 * the handshake's STATUS_FLAGS and QueryState.serverStatus are 0): no AUTOCOMMIT flag, so a client
 * that reads autocommit from the status (PyMySQL, Connector/J) sees it off.
 */
export const Status = {
  NONE: 0x0000,
  MORE_RESULTS_EXISTS: 0x0008,
} as const;

/** Command bytes (COM_*). */
export const Command = {
  QUIT: 0x01,
  INIT_DB: 0x02,
  QUERY: 0x03,
  PING: 0x0e,
  STMT_SEND_LONG_DATA: 0x18,
  STMT_CLOSE: 0x19,
  SET_OPTION: 0x1b,
} as const;

/**
 * The character set StarRocks announces in its handshake and gives text columns: 33
 * (utf8_general_ci), "33 stands for UTF-8" (mysql/MysqlHandshakePacket.java, mysql/MysqlColDef.java).
 * The bytes are UTF-8 either way, four-byte characters included.
 */
export const CHARSET_UTF8 = 33;
/** The "binary" character set MySQL reports for numeric and temporal columns. */
export const CHARSET_BINARY = 63;

/** Column type codes (MYSQL_TYPE_*). */
export const FieldType = {
  TINY: 0x01,
  SHORT: 0x02,
  LONG: 0x03,
  FLOAT: 0x04,
  DOUBLE: 0x05,
  LONGLONG: 0x08,
  DATE: 0x0a,
  DATETIME: 0x0c,
  NEWDECIMAL: 0xf6,
  VAR_STRING: 0xfd,
  STRING: 0xfe,
} as const;

/** Column definition flags. */
export const FieldFlag = {
  BINARY: 0x0080,
  NUM: 0x8000,
} as const;

/** Largest payload of one physical packet; longer payloads continue in following packets. */
export const MAX_PACKET_PAYLOAD = 0xffffff;
