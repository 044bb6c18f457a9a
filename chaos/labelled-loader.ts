// The chaos run's writer: labelled Stream Load batches into three kinds of table on the source, for
// the whole run, through FE restarts. A batch is retried with its own label until the FE says it
// committed (Success, Publish Timeout, or Label Already Exists for a FINISHED job), so it is applied
// once; the ledger of committed batches is what the final comparison expects on both clusters.
// Rows carry their batch's label: a batch applied twice shows as twice its rows under one label.
export const CHAOS_DB = 'chaos';

export const CHAOS_TABLES = {
  /** Partitioned DUPLICATE KEY table: every batch's rows, spread over four monthly partitions. */
  events: `CREATE TABLE chaos.events (day DATE NOT NULL, label VARCHAR(64) NOT NULL, seq INT NOT NULL, v INT) DUPLICATE KEY(day, label)
    PARTITION BY RANGE(day) (PARTITION m1 VALUES LESS THAN ('2024-02-01'), PARTITION m2 VALUES LESS THAN ('2024-03-01'),
      PARTITION m3 VALUES LESS THAN ('2024-04-01'), PARTITION m4 VALUES LESS THAN ('2024-05-01'))
    DISTRIBUTED BY HASH(seq) BUCKETS 2`,
  /** PRIMARY KEY table: every batch upserts some of 200 keys. */
  accounts: `CREATE TABLE chaos.accounts (id INT NOT NULL, label VARCHAR(64) NOT NULL, v INT) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`,
  /** Unpartitioned DUPLICATE KEY table. */
  notes: `CREATE TABLE chaos.notes (label VARCHAR(64) NOT NULL, seq INT NOT NULL, v INT) DUPLICATE KEY(label) DISTRIBUTED BY HASH(seq) BUCKETS 1`,
} as const;

export type ChaosTable = keyof typeof CHAOS_TABLES;
const TABLE_NAMES = Object.keys(CHAOS_TABLES) as ChaosTable[];

export const ROWS_PER_BATCH = 40;
const ACCOUNT_KEYS = 200;

export interface CommittedBatch {
  table: ChaosTable;
  label: string;
  /** The rows as CSV lines, in the table's column order. */
  rows: string[];
}

export interface LoaderStats {
  committed: number;
  retries: number;
}

function batchRows(table: ChaosTable, n: number, label: string): string[] {
  return Array.from({ length: ROWS_PER_BATCH }, (_, seq) => {
    if (table === 'events') return `2024-0${1 + ((n + seq) % 4)}-${String(1 + (seq % 28)).padStart(2, '0')},${label},${seq},${n}`;
    if (table === 'accounts') return `${(n * 7 + seq * 13) % ACCOUNT_KEYS},${label},${n}`;
    return `${label},${seq},${n}`;
  }).filter((line, i, all) => table !== 'accounts' || all.findIndex((other) => other.split(',')[0] === line.split(',')[0]) === i);
}

type Outcome = 'committed' | 'retry';

async function sendOnce(httpPort: () => number, table: ChaosTable, label: string, body: string): Promise<Outcome> {
  const response = await fetch(`http://127.0.0.1:${httpPort()}/api/${CHAOS_DB}/${table}/_stream_load`, {
    method: 'PUT',
    // A load whose coordinator died stays PREPARE until its timeout, its label taken meanwhile: a
    // short timeout (the default is 600 s) lets the retry of that label through sooner.
    headers: { authorization: `Basic ${Buffer.from('root:').toString('base64')}`, label, column_separator: ',', timeout: '30' },
    body,
    signal: AbortSignal.timeout(20_000),
  });
  const answer = (await response.json()) as { Status?: string; ExistingJobStatus?: string; Message?: string };
  if (answer.Status === 'Success' || answer.Status === 'Publish Timeout') return 'committed';
  if (answer.Status === 'Label Already Exists' && answer.ExistingJobStatus === 'FINISHED') return 'committed';
  return 'retry';
}

/** Writes batches until `signal` aborts, one at a time, cycling through the tables. */
export async function runLoader(options: { httpPort: () => number; signal: AbortSignal; committed: CommittedBatch[]; stats: LoaderStats; runId: string }): Promise<void> {
  for (let n = 0; !options.signal.aborted; n++) {
    const table = TABLE_NAMES[n % TABLE_NAMES.length]!;
    const label = `${options.runId}-${table}-${n}`;
    const rows = batchRows(table, n, label);
    // The batch is finished (committed) even after a stop was asked: a half-known batch would make
    // the expected rows unknowable.
    for (;;) {
      const outcome = await sendOnce(options.httpPort, table, label, `${rows.join('\n')}\n`).catch((): Outcome => 'retry');
      if (outcome === 'committed') break;
      options.stats.retries++;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    options.committed.push({ table, label, rows });
    options.stats.committed++;
  }
}

/** What the source (and so the target) must hold once every committed batch is visible, per table, as sorted CSV lines. */
export function expectedRows(committed: readonly CommittedBatch[]): Record<ChaosTable, string[]> {
  const accounts = new Map<string, string>();
  const result: Record<ChaosTable, string[]> = { events: [], accounts: [], notes: [] };
  for (const batch of committed) {
    if (batch.table === 'accounts') for (const row of batch.rows) accounts.set(row.split(',')[0]!, row);
    else result[batch.table].push(...batch.rows);
  }
  result.accounts = [...accounts.values()];
  for (const table of TABLE_NAMES) result[table].sort();
  return result;
}
