// The LOADING phase of one Broker Load job, in its transaction: find the files (StarRocks'
// BrokerLoadPendingTask: a missing file fails the job as ETL_RUN_FAIL), then read every file of
// every table and write the rows (LoadLoadingTask: a failure is LOAD_RUN_FAIL), and commit all
// tables at once. More filtered rows than max_filter_ratio allows fail the job as
// ETL_QUALITY_UNSATISFIED (LoadJob.checkDataQuality), with nothing visible.
import type { Readable } from 'node:stream';
import { ObjectStore } from '../../common/object-store/object-store.js';
import type { BrokerLoadJobMeta, LoadCancelType, LoadFileGroup, LoadJobStats } from '../catalog/load-job-model.js';
import type { TransactionMeta } from '../catalog/model.js';
import { databaseById, olapTableById, type FeContext } from '../fe-context.js';
import { s3ConnectionOf } from '../backup/repository-properties.js';
import type { ObjectStoreEndpoints } from '../backup/object-store-endpoints.js';
import { LoadError, runTablesLoad, TOO_MANY_FILTERED_ROWS, type IncomingRow, type LoadOutcome, type TableRows } from '../load/load-coordinator.js';
import { csvRecords, jsonFieldText, jsonRecords } from '../load/record-readers.js';
import { RowConverter } from '../load/row-conversion.js';
import { globDirectory, globMatches, parseLoadFilePath } from './load-file-path.js';
import { objectStoreProperties } from './load-statement.js';

/** How a job failed: StarRocks' FailMsg. */
export class LoadJobFailure extends Error {
  constructor(
    readonly type: LoadCancelType,
    message: string,
  ) {
    super(message);
    this.name = 'LoadJobFailure';
  }
}

/** DataQualityException.QUALITY_FAIL_MSG */
export const QUALITY_FAIL_MSG = 'quality not good enough to cancel';

interface LoadFile {
  bucket: string;
  key: string;
  size: number;
}

export interface LoadRun {
  outcome: LoadOutcome;
  stats: LoadJobStats;
}

class Stores {
  private readonly byBucket = new Map<string, ObjectStore>();
  constructor(
    private readonly properties: Record<string, string>,
    private readonly endpoints: ObjectStoreEndpoints,
  ) {}

  of(bucket: string): ObjectStore {
    let store = this.byBucket.get(bucket);
    if (!store) {
      store = new ObjectStore(s3ConnectionOf(objectStoreProperties(this.properties), { bucket, prefix: '' }, this.endpoints, 'broker'));
      this.byBucket.set(bucket, store);
    }
    return store;
  }

  close(): void {
    for (const store of this.byBucket.values()) store.destroy();
  }
}

async function listFiles(stores: Stores, group: LoadFileGroup, signal: AbortSignal): Promise<LoadFile[]> {
  const files: LoadFile[] = [];
  for (const text of group.paths) {
    const path = parseLoadFilePath(text);
    const store = stores.of(path.bucket);
    if (!path.glob) {
      files.push({ bucket: path.bucket, key: path.key, size: await store.size(path.key, signal) });
      continue;
    }
    const listed = await store.list(globDirectory(path), '/');
    const matched = listed.objects.filter((o) => globMatches(path, o.key)).sort((a, b) => a.key.localeCompare(b.key));
    if (matched.length === 0) throw new Error(`No files were found matching the pattern(s) or path(s): '${text}'`);
    files.push(...matched.map((o) => ({ bucket: path.bucket, key: o.key, size: o.size })));
  }
  return files;
}

/** A file group's rows, file after file, converted to the table's columns. */
async function* groupRows(ctx: FeContext, job: BrokerLoadJobMeta, group: LoadFileGroup, files: LoadFile[], stores: Stores, stats: LoadJobStats, signal: AbortSignal): AsyncGenerator<IncomingRow[]> {
  const db = databaseById(ctx, job.dbId);
  const table = db && olapTableById(db, group.tableId);
  if (!table) throw new Error(`table ${group.tableName} was dropped while the job ran`);
  const converter = new RowConverter(table.columns, group.columns);
  const names = group.columns ?? table.columns.map((c) => c.name);
  const onBytes = (n: number) => (stats.scanBytes += n);
  for (const file of files) {
    const body: Readable = await stores.of(file.bucket).openRead(file.key, signal);
    if (group.format === 'csv') {
      for await (const records of csvRecords(body, { columnSeparator: group.columnSeparator, rowDelimiter: group.rowDelimiter, skipHeader: 0 }, onBytes)) {
        yield records.map((fields) => converter.convert(fields));
      }
      continue;
    }
    // A JSON file is an array of objects or one object per line (StarRocks' strip_outer_array
    // needs saying; a file that is one array is read as its elements either way here).
    for await (const items of jsonRecords(body, false, onBytes)) {
      yield items.map((item): IncomingRow => ('invalid' in item ? { filtered: `not a JSON object: ${item.invalid}` } : converter.convert(names.map((n) => jsonFieldText(item.record[n])))));
    }
  }
}

/**
 * Runs the job's LOADING phase in `txn`. Resolves with the outcome (VISIBLE, or COMMITTED while
 * publishing goes on); rejects with a LoadJobFailure, the transaction aborted. `endpoints`: where
 * this machine reaches the object store hosts the properties name (object-store-endpoints.ts).
 */
export async function runLoadJob(ctx: FeContext, job: BrokerLoadJobMeta, brokerProperties: Record<string, string>, txn: TransactionMeta, signal: AbortSignal, endpoints: ObjectStoreEndpoints = {}): Promise<LoadRun> {
  const stores = new Stores(brokerProperties, endpoints);
  const stats: LoadJobStats = { fileNumber: 0, fileSize: 0, scanRows: 0, scanBytes: 0, filteredRows: 0, sinkRows: 0 };
  try {
    const filesByGroup: LoadFile[][] = [];
    try {
      for (const group of job.fileGroups) filesByGroup.push(await listFiles(stores, group, signal));
    } catch (error) {
      const message = signal.aborted ? String(signal.reason) : (error as Error).message;
      ctx.txns.abort(txn.id, message);
      throw new LoadJobFailure(signal.aborted ? 'LOAD_RUN_FAIL' : 'ETL_RUN_FAIL', message);
    }
    const allFiles = filesByGroup.flat();
    stats.fileNumber = allFiles.length;
    stats.fileSize = allFiles.reduce((sum, f) => sum + f.size, 0);
    const parts: TableRows[] = job.fileGroups.map((group, i) => ({
      tableId: group.tableId,
      batches: groupRows(ctx, job, group, filesByGroup[i]!, stores, stats, signal),
      ...(group.partitions ? { partitions: new Set(group.partitions) } : {}),
    }));
    const timeoutMs = Math.max(1, job.createTime + job.timeoutSecond * 1000 - txn.prepareTime);
    try {
      const outcome = await runTablesLoad(ctx, txn, parts, { timeoutMs, maxFilterRatio: job.maxFilterRatio, signal });
      Object.assign(stats, { scanRows: outcome.totalRows, filteredRows: outcome.filteredRows, sinkRows: outcome.loadedRows });
      return { outcome, stats };
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      Object.assign(stats, { scanRows: error.stats.totalRows, filteredRows: error.stats.filteredRows, sinkRows: 0 });
      if (error.message === TOO_MANY_FILTERED_ROWS) throw Object.assign(new LoadJobFailure('ETL_QUALITY_UNSATISFIED', QUALITY_FAIL_MSG), { stats, reasons: error.stats.filterReasons });
      throw Object.assign(new LoadJobFailure('LOAD_RUN_FAIL', signal.aborted ? String(signal.reason) : error.message), { stats, reasons: error.stats.filterReasons });
    }
  } finally {
    stores.close();
  }
}
