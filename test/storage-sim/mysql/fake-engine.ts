// A stand-in statement engine for the MySQL server tests: answers a fixed set of statements and
// records what it was asked, so tests can check what reached the engine and when.

import { passwordHash } from '../../../src/storage-sim/fe/mysql/native-password.js';
import { SqlError, type MysqlServerOptions, type Session, type StatementResult, type TextRow } from '../../../src/storage-sim/fe/mysql/index.js';

export const USERS: Record<string, string> = { root: 'secret-pw', alice: 'wonder land ✓', nopw: '' };
export const DATABASES = ['information_schema', 'db1', 'shop'];

export interface BigResultProbe {
  /** Rows the generator has produced so far. */
  produced: number;
  /** Whether the generator was closed (finished, or stopped early by the server). */
  closed: boolean;
}

export class FakeEngine {
  readonly statements: string[] = [];
  readonly endedSessions: number[] = [];
  readonly connectionErrors: Error[] = [];
  readonly bigResults: BigResultProbe[] = [];

  options(extra: Partial<MysqlServerOptions> = {}): MysqlServerOptions {
    return {
      passwordHashOf: (user) => (USERS[user] === undefined ? undefined : passwordHash(USERS[user])),
      execute: (session, sql) => this.execute(session, sql),
      onSessionEnd: (session) => this.endedSessions.push(session.connectionId),
      onConnectionError: (_id, err) => this.connectionErrors.push(err),
      ...extra,
    };
  }

  async execute(session: Session, sql: string): Promise<StatementResult> {
    this.statements.push(sql);
    let m: RegExpMatchArray | null;
    if ((m = sql.match(/^USE\s+`((?:[^`]|``)+)`$/i) ?? sql.match(/^USE\s+(\w+)$/i))) {
      const name = (m[1] as string).replace(/``/g, '`');
      if (!DATABASES.includes(name)) throw SqlError.unknownDatabase(name);
      session.database = name;
      return { kind: 'ok' };
    }
    if ((m = sql.match(/^SET\s+NAMES\s+(\w+)/i))) {
      session.variables.set('character_set_client', m[1] as string);
      return { kind: 'ok' };
    }
    if ((m = sql.match(/^SET\s+(?:@@|SESSION\s+)?(\w+)\s*=\s*(.+)$/i))) {
      session.variables.set((m[1] as string).toLowerCase(), m[2] as string);
      return { kind: 'ok' };
    }
    if (/^SELECT 1$/i.test(sql)) return rows([{ name: '1', type: 'BIGINT' }], [['1']]);
    if ((m = sql.match(/^SELECT (\d+) AS (\w+)$/i))) return rows([{ name: m[2] as string, type: 'INT' }], [[m[1] as string]]);
    if (/^SHOW DATABASES$/i.test(sql)) return rows([{ name: 'Database' }], DATABASES.map((d) => [d]));
    if (/^SELECT DATABASE\(\)$/i.test(sql)) return rows([{ name: 'DATABASE()' }], [[session.database ?? null]]);
    if (/^SELECT CONNECTION_ID\(\)$/i.test(sql)) return rows([{ name: 'CONNECTION_ID()', type: 'BIGINT' }], [[String(session.connectionId)]]);
    if (/^select @@version_comment limit 1$/i.test(sql)) return rows([{ name: '@@version_comment' }], [['fake engine']]);
    if (/^SELECT \* FROM `表 x`$/.test(sql)) {
      return {
        kind: 'rows',
        columns: [
          { name: '名前', table: '表 x' },
          { name: 'n', type: 'INT', table: '表 x' },
          { name: 'price', type: 'DECIMAL', length: 10, scale: 2, table: '表 x' },
          { name: 'd', type: 'DATE', table: '表 x' },
        ],
        rows: [
          ['日本語 ✓ 😀', '1', '12.50', '2024-02-29'],
          [null, '2', null, null],
        ],
      };
    }
    if (/^SELECT \* FROM missing$/i.test(sql)) throw SqlError.unknownTable(session.database ?? 'db1', 'missing');
    if (/^SELECT \* FROM needs_db$/i.test(sql)) {
      if (session.database === undefined) throw SqlError.noDatabaseSelected();
      return rows([{ name: 'x' }], [['y']]);
    }
    if (/^THROW PLAIN$/i.test(sql)) throw new Error('plain failure');
    if (/^THROW SIMERROR$/i.test(sql)) throw Object.assign(new Error('Duplicate column name \'a\''), { errno: 1060, sqlState: '42S21' });
    if ((m = sql.match(/^INSERT INTO t VALUES \((\d+)\)$/i))) {
      return { kind: 'ok', affectedRows: Number(m[1]), insertId: 42, info: 'Records: 1  Duplicates: 0  Warnings: 0' };
    }
    if ((m = sql.match(/^SELECT BIG (\d+)$/i))) return this.big(Number(m[1]));
    if (/^SELECT HUGE$/i.test(sql)) return rows([{ name: 'v', type: 'STRING' }], [['x'.repeat(17 * 1024 * 1024)]]);
    if (/^SELECT MIDSTREAM$/i.test(sql)) return { kind: 'rows', columns: [{ name: 'i', type: 'INT' }], rows: failingRows() };
    if (/^SELECT FAILFIRST$/i.test(sql)) return { kind: 'rows', columns: [{ name: 'i', type: 'INT' }], rows: failingRows(0) };
    if (/^SELECT WRONGWIDTH$/i.test(sql)) return rows([{ name: 'a' }, { name: 'b' }], [['1', '2'], ['only one']]);
    if (/^SELECT SLOW$/i.test(sql)) {
      await new Promise((r) => setTimeout(r, 5));
      return rows([{ name: 'conn', type: 'BIGINT' }], [[String(session.connectionId)]]);
    }
    throw SqlError.syntax(`You have an error in your SQL syntax; unknown statement '${sql}'`);
  }

  /** `count` rows of ~250 bytes from a generator that records how far it was pulled. */
  private big(count: number): StatementResult {
    const probe: BigResultProbe = { produced: 0, closed: false };
    this.bigResults.push(probe);
    const pad = 'p'.repeat(240);
    function* generate(): Generator<TextRow> {
      try {
        for (let i = 0; i < count; i++) {
          probe.produced++;
          yield [String(i), pad];
        }
      } finally {
        probe.closed = true;
      }
    }
    return { kind: 'rows', columns: [{ name: 'i', type: 'BIGINT' }, { name: 'pad' }], rows: generate() };
  }
}

function rows(columns: { name: string; type?: 'BIGINT' | 'INT' | 'STRING' }[], data: TextRow[]): StatementResult {
  return { kind: 'rows', columns, rows: data };
}

async function* failingRows(after = 5): AsyncGenerator<TextRow> {
  for (let i = 0; i < after; i++) yield [String(i)];
  throw new SqlError(1317, '70100', 'Query execution was interrupted');
}
