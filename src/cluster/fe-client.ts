// The daemon's MySQL-protocol connection to one FE: a small mysql2 pool with the configured
// timeouts. Errors are rethrown as FeError naming the endpoint and the statement's purpose, never
// the password.
import mysql from 'mysql2/promise';
import { describeEndpoint, type FeEndpoint } from './fe-endpoint.js';
import { quoteIdentifier } from './sql-text.js';
import { assertReadOnly } from './read-only.js';

export class FeError extends Error {
  constructor(
    readonly endpoint: FeEndpoint,
    action: string,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const code = (cause as { code?: string } | undefined)?.code;
    super(`${action} on ${describeEndpoint(endpoint)} failed: ${code && !reason.includes(code) ? `${code}: ` : ''}${reason}`);
    this.name = 'FeError';
  }
}

export type Row = Record<string, unknown>;

export class FeClient {
  private pool: mysql.Pool | undefined;

  constructor(
    readonly endpoint: FeEndpoint,
    private readonly connections = 4,
  ) {}

  private getPool(): mysql.Pool {
    if (this.pool) return this.pool;
    this.pool = mysql.createPool({
      host: this.endpoint.host,
      port: this.endpoint.port,
      user: this.endpoint.user,
      password: this.endpoint.password,
      connectTimeout: this.endpoint.connectTimeoutMs,
      connectionLimit: this.connections,
      charset: 'utf8mb4',
      // Large integers (ids, versions, sizes) as strings, never rounded through a double.
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      multipleStatements: false,
    });
    // A pool-level error (e.g. a connection dropped while idle) must not crash the daemon.
    this.pool.on('connection', (connection) => connection.on('error', () => undefined));
    return this.pool;
  }

  async query(sql: string, action = 'query'): Promise<Row[]> {
    if (this.endpoint.side === 'source') assertReadOnly(sql);
    try {
      const [rows] = await this.getPool().query({ sql, timeout: this.endpoint.queryTimeoutMs });
      return rows as Row[];
    } catch (error) {
      throw new FeError(this.endpoint, action, error);
    }
  }

  /**
   * Runs statements in order on one connection whose current database is `db`: DDL printed by
   * SHOW CREATE names its objects (and a view's tables) relative to the database it lives in.
   */
  async runInDatabase(db: string, statements: string[], action = 'run DDL'): Promise<void> {
    if (this.endpoint.side === 'source') for (const sql of statements) assertReadOnly(sql);
    let connection: mysql.PoolConnection | undefined;
    try {
      connection = await this.getPool().getConnection();
      await connection.query({ sql: `USE ${quoteIdentifier(db)}`, timeout: this.endpoint.queryTimeoutMs });
      for (const sql of statements) await connection.query({ sql, timeout: this.endpoint.queryTimeoutMs });
    } catch (error) {
      throw new FeError(this.endpoint, action, error);
    } finally {
      connection?.release();
    }
  }

  /** Logs in and asks for the server's version banner: proves the FE is reachable and the credentials work. */
  async probe(): Promise<string> {
    const rows = await this.query('SELECT @@version_comment AS v', 'login');
    return String(rows[0]?.v ?? '');
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end().catch(() => undefined);
  }
}
