// The contract between the MySQL protocol layer and the statement engine behind it.

import type { ColumnTypeName } from '../../common/column-types.js';

/** A result column. Only `name` is required; the type decides what clients parse the text into. */
export interface ColumnSpec {
  name: string;
  /** Defaults to VARCHAR. */
  type?: ColumnTypeName;
  /** CHAR/VARCHAR length in characters; DECIMAL precision. */
  length?: number;
  /** DECIMAL scale. */
  scale?: number;
  table?: string;
  /** Defaults to the session's current database. */
  schema?: string;
}

/** One row: every value already rendered as text, or null. */
export type TextRow = readonly (string | null)[];

export type StatementResult =
  | { kind: 'ok'; affectedRows?: number; insertId?: number; info?: string; warnings?: number }
  | { kind: 'rows'; columns: ColumnSpec[]; rows: Iterable<TextRow> | AsyncIterable<TextRow> };

/** One client connection's state, shared with the statement engine. */
export interface Session {
  readonly connectionId: number;
  readonly user: string;
  readonly remoteAddress: string;
  /** The current database; the engine changes it on USE. */
  database: string | undefined;
  /** Session variables, owned by the engine (the protocol layer never reads them). */
  readonly variables: Map<string, string>;
}

export interface MysqlServerOptions {
  /**
   * The stored hash of a user's password (passwordHash(): SHA1(SHA1(password)) in hex, '' for an
   * empty password), or undefined for an unknown user (both refused with 1045).
   */
  passwordHashOf(user: string): string | undefined;
  /**
   * Runs one statement (already split from a multi-statement query). Throw SqlError (or anything
   * with errno and sqlState) for SQL errors; anything else thrown becomes 1105 with its message.
   * Row iterables are consumed lazily, only as fast as the client reads.
   */
  execute(session: Session, sql: string): Promise<StatementResult>;
  /** Where connection ids start: FEs sharing one session list give each listener its own range. */
  firstConnectionId?: number;
  /** The version in the handshake; StarRocks reports a MySQL-style version such as '8.0.33'. */
  serverVersion?: string;
  /** Called once when the connection of a session that passed authentication closes, however it closes. */
  onSessionEnd?(session: Session): void;
  /** Protocol-level failures (malformed packets, socket errors); the connection is closed after. */
  onConnectionError?(connectionId: number, error: Error): void;
}
