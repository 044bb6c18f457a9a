// The daemon's MySQL-protocol connection to one cluster: a small mysql2 pool on one FE with the
// configured timeouts, moving to another FE of the cluster (learnt from SHOW FRONTENDS) when that
// one stops answering. Errors are rethrown as FeError naming the endpoint and the statement's
// purpose, never the password.
import mysql from 'mysql2/promise';
import type { Address } from '../config/hosts-mapping.js';
import { describeEndpoint, type FeEndpoint } from './fe-endpoint.js';
import { failoverCandidates, mayFailOver, type FrontendRow } from './fe-failover.js';
import { quoteIdentifier } from './sql-text.js';
import { decodeTextAsUtf8 } from './utf8-text.js';
import { assertSourceStatement, isReadOnly } from './read-only.js';

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

/** A result column as the FE describes it: its name and MySQL type code (mysql2's Types). */
export interface ResultField {
  name: string;
  /** e.g. 8 (LONGLONG) for BIGINT, 253 (VAR_STRING) for VARCHAR. */
  columnType: number;
}

export interface FailoverOptions {
  /** Maps an FE address of SHOW FRONTENDS to the address to dial (hosts.properties). */
  mapAddress: (address: Address) => Address;
  /** Told when the client moves to another FE, with why. */
  onSwitch?: (from: FeEndpoint, to: FeEndpoint, reason: string) => void;
}

export class FeClient {
  private pool: mysql.Pool | undefined;
  private current: FeEndpoint;
  /** The cluster's FEs as last read from SHOW FRONTENDS. */
  private frontends: FrontendRow[] = [];
  /** SQL statements sent, for the metadata benchmark's round-trip count and the metrics. */
  statementsSent = 0;
  /** Statements that failed (an error from the FE, a lost connection, a timeout), for the metrics. */
  statementsFailed = 0;
  /**
   * Connections opened so far (every pool, every FE). A new connection may reach an FE that was
   * restarted, or another FE after a failover: possibly another StarRocks version, which the
   * cluster's capabilities (capabilities.ts) must then be checked against.
   */
  connectionsOpened = 0;

  constructor(
    readonly configured: FeEndpoint,
    private readonly connections = 4,
    private readonly failover?: FailoverOptions,
    /** transfer_mode=s3: the source may receive BACKUP SNAPSHOT (and still nothing else but reads). */
    readonly allowBackups = false,
  ) {
    this.current = configured;
  }

  /** The FE in use: the configured one unless the client has failed over. */
  get endpoint(): FeEndpoint {
    return this.current;
  }

  private getPool(): mysql.Pool {
    if (this.pool) return this.pool;
    this.pool = mysql.createPool({
      host: this.current.host,
      port: this.current.port,
      user: this.current.user,
      password: this.current.password,
      connectTimeout: this.current.connectTimeoutMs,
      connectionLimit: this.connections,
      charset: 'utf8mb4',
      // Large integers (ids, versions, sizes) as strings, never rounded through a double.
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      multipleStatements: false,
      // StarRocks' text columns say character set 33, which mysql2 would read as CESU-8.
      typeCast: decodeTextAsUtf8,
    });
    // A pool-level error (e.g. a connection dropped while idle) must not crash the daemon.
    this.pool.on('connection', (connection) => {
      this.connectionsOpened++;
      connection.on('error', () => undefined);
    });
    return this.pool;
  }

  /**
   * Runs `attempt` on the current FE; when it fails in a way that allows it (see mayFailOver),
   * on each other FE in turn. The first FE that answers becomes the current one.
   */
  private async withFailover<T>(action: string, readOnly: boolean, attempt: () => Promise<T>): Promise<T> {
    const started = this.current;
    try {
      return await attempt();
    } catch (error) {
      if (!this.failover || !mayFailOver(error, readOnly)) throw new FeError(this.current, action, error);
      // Another statement running in parallel may already have moved the client.
      const tried = this.current === started ? [] : [this.current];
      let lastError: unknown = error;
      for (const candidate of [...tried, ...failoverCandidates(this.configured, started, this.frontends, this.failover.mapAddress)]) {
        if (candidate !== this.current) await this.switchTo(candidate, lastError);
        try {
          return await attempt();
        } catch (next) {
          lastError = next;
          if (!mayFailOver(next, readOnly)) break;
        }
      }
      throw new FeError(this.current, action, lastError);
    }
  }

  private async switchTo(next: FeEndpoint, cause: unknown): Promise<void> {
    const from = this.current;
    const pool = this.pool;
    this.pool = undefined;
    this.current = next;
    void pool?.end().catch(() => undefined);
    const reason = cause instanceof Error ? cause.message : String(cause);
    this.failover?.onSwitch?.(from, next, reason);
  }

  async query(sql: string, action = 'query'): Promise<Row[]> {
    return (await this.queryWithFields(sql, action)).rows;
  }

  /**
   * A read whose column descriptions matter as much as its rows: what an information_schema
   * table holds (names, and types such as BIGINT or VARCHAR) is told even when it has no row.
   */
  async queryWithFields(sql: string, action = 'query'): Promise<{ rows: Row[]; fields: ResultField[] }> {
    if (this.current.side === 'source') assertSourceStatement(sql, this.allowBackups);
    return this.withFailover(action, isReadOnly(sql), async () => {
      this.statementsSent++;
      const connection = await this.getPool().getConnection();
      try {
        const [rows, fields] = await this.bounded(connection, sql);
        const described = (fields ?? []) as { name: string; columnType?: number; type?: number }[];
        return { rows: rows as Row[], fields: described.map((f) => ({ name: f.name, columnType: Number(f.columnType ?? f.type ?? 0) })) };
      } finally {
        connection.release();
      }
    });
  }

  /**
   * One statement, bounded by jdbc_socket_timeout_ms. The timer is this client's own: mysql2's
   * `timeout` option leaves its timer running when the connection dies under the statement (an FE
   * stopping), which kept a stopped daemon's process alive that long. On timeout the connection is
   * destroyed and the error is mysql2's own ("Query inactivity timeout"), so failover reads it alike.
   */
  private async bounded(connection: mysql.PoolConnection, sql: string): Promise<[unknown, mysql.FieldPacket[] | undefined]> {
    const running = connection.query(sql);
    // Settles after the timeout too (the destroyed connection rejects it): nothing may go unhandled.
    running.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        connection.destroy();
        reject(Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT', fatal: true }));
      }, this.current.queryTimeoutMs);
    });
    try {
      return await Promise.race([running, timedOut]);
    } catch (error) {
      this.statementsFailed++;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs statements in order on one connection whose current database is `db`: DDL printed by
   * SHOW CREATE names its objects (and a view's tables) relative to the database it lives in.
   * Moves to another FE only when the connection could not be opened (nothing was run).
   */
  async runInDatabase(db: string, statements: string[], action = 'run DDL'): Promise<void> {
    if (this.current.side === 'source') for (const sql of statements) assertSourceStatement(sql, false);
    const connection = await this.withFailover(action, false, () => this.getPool().getConnection());
    try {
      this.statementsSent++;
      await this.bounded(connection, `USE ${quoteIdentifier(db)}`);
      for (const sql of statements) {
        this.statementsSent++;
        await this.bounded(connection, sql);
      }
    } catch (error) {
      throw new FeError(this.current, action, error);
    } finally {
      connection.release();
    }
  }

  /**
   * Reads the cluster's FEs (SHOW FRONTENDS), the places to go when the current one fails. A
   * user without the privilege to list them keeps the FEs already known.
   */
  async refreshFrontends(): Promise<FrontendRow[]> {
    if (!this.failover) return this.frontends;
    try {
      this.frontends = (await this.query('SHOW FRONTENDS', 'read frontends')) as FrontendRow[];
    } catch {
      // Failover stays limited to what is known; the statement that matters will report its own error.
    }
    return this.frontends;
  }

  /** SHOW FRONTENDS as last read by refreshFrontends (empty before, or without failover). */
  get knownFrontends(): readonly Row[] {
    return this.frontends as Row[];
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
