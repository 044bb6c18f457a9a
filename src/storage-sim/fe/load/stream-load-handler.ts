// Stream Load: PUT /api/{db}/{table}/_stream_load on the FE's HTTP port, Basic auth, the load
// described by headers (label, format, column_separator, row_delimiter, columns, partitions,
// max_filter_ratio, timeout, strip_outer_array, skip_header), answered with StarRocks' JSON result.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findDatabase, findTable, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { beginLoad, LoadError, runLoad, type IncomingRow } from './load-coordinator.js';
import { csvRecords, jsonFieldText, jsonRecords, unescapeSeparator } from './record-readers.js';
import { RowConverter } from './row-conversion.js';

type StreamLoadStatus = 'Success' | 'Publish Timeout' | 'Label Already Exists' | 'Fail';

function reply(res: ServerResponse, statusCode: number, body: Record<string, unknown>): void {
  const payload = JSON.stringify(body, null, 4);
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function fail(res: ServerResponse, message: string, extra: Record<string, unknown> = {}, statusCode = 200): void {
  reply(res, statusCode, { TxnId: -1, Label: extra.Label ?? '', Status: 'Fail' satisfies StreamLoadStatus, Message: message, ...extra });
}

export function basicAuth(req: IncomingMessage): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  const match = header && /^Basic\s+(.+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { user: decoded, password: '' } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function parseColumnsHeader(text: string): string[] {
  if (text.includes('=')) throw SimError.invalid('column mapping expressions in the columns header are not supported; list column names only');
  return text.split(',').map((c) => c.trim().replace(/^`(.*)`$/, '$1')).filter((c) => c !== '');
}

export async function handleStreamLoad(
  ctx: FeContext,
  checkPassword: (user: string, password: string) => boolean,
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
): Promise<void> {
  const started = Date.now();
  const credentials = basicAuth(req);
  if (!credentials || !checkPassword(credentials.user, credentials.password)) {
    req.resume();
    fail(res, `Access denied for user '${credentials?.user ?? ''}' (Basic authentication is required: curl -u user:password)`, {}, 401);
    return;
  }
  const label = header(req, 'label') ?? `stream_load_${randomUUID().replaceAll('-', '_')}`;
  const db = findDatabase(ctx, params.db!);
  const table = db && findTable(db, params.table!);
  if (!db || !table || table.kind !== 'OLAP') {
    req.resume();
    fail(res, db ? `Table '${params.table}' does not exist in database '${params.db}'` : `Database '${params.db}' does not exist`, { Label: label });
    return;
  }
  const existing = ctx.txns.byLabel(db.id, label);
  if (existing) {
    req.resume();
    reply(res, 200, {
      TxnId: existing.id,
      Label: label,
      Status: 'Label Already Exists' satisfies StreamLoadStatus,
      ExistingJobStatus: existing.status === 'VISIBLE' ? 'FINISHED' : 'RUNNING',
      Message: `Label [${label}] has already been used.`,
    });
    return;
  }

  let converter: RowConverter;
  let format: string;
  let maxFilterRatio: number;
  let timeoutMs: number;
  try {
    format = (header(req, 'format') ?? 'csv').toLowerCase();
    if (format !== 'csv' && format !== 'json') throw SimError.invalid(`unknown data format '${format}': expected csv or json`);
    const columnsHeader = header(req, 'columns');
    converter = new RowConverter(table.columns, columnsHeader ? parseColumnsHeader(columnsHeader) : undefined, { opColumn: table.keysType === 'PRIMARY_KEYS' });
    maxFilterRatio = Number(header(req, 'max_filter_ratio') ?? '0');
    if (!(maxFilterRatio >= 0 && maxFilterRatio <= 1)) throw SimError.invalid(`max_filter_ratio must be a number from 0 to 1`);
    const timeoutSeconds = Number(header(req, 'timeout') ?? ctx.config.get('stream_load_default_timeout_second'));
    // The range (min_load_timeout_second .. max_stream_load_timeout_second) is checked when the transaction begins.
    if (!Number.isInteger(timeoutSeconds)) throw SimError.invalid(`timeout must be a whole number of seconds, not '${header(req, 'timeout')}'`);
    timeoutMs = timeoutSeconds * 1000;
  } catch (error) {
    req.resume();
    fail(res, (error as Error).message, { Label: label });
    return;
  }

  const partitionsHeader = header(req, 'partitions');
  const partitions = partitionsHeader ? new Set(partitionsHeader.split(',').map((p) => p.trim())) : undefined;
  for (const name of partitions ?? []) {
    if (!table.partitions.some((p) => p.name === name)) {
      req.resume();
      fail(res, `Unknown partition '${name}' in table '${table.name}'`, { Label: label });
      return;
    }
  }

  let loadBytes = 0;
  const onBytes = (n: number) => (loadBytes += n);
  const columnNames = header(req, 'columns') ? parseColumnsHeader(header(req, 'columns')!) : table.columns.map((c) => c.name);
  async function* rows(): AsyncGenerator<IncomingRow[]> {
    if (format === 'csv') {
      const options = {
        columnSeparator: unescapeSeparator(header(req, 'column_separator') ?? '\\t'),
        rowDelimiter: unescapeSeparator(header(req, 'row_delimiter') ?? '\\n'),
        skipHeader: Number(header(req, 'skip_header') ?? '0'),
      };
      for await (const records of csvRecords(req, options, onBytes)) yield records.map((fields) => converter.convert(fields));
      return;
    }
    const stripOuterArray = (header(req, 'strip_outer_array') ?? 'false').toLowerCase() === 'true';
    for await (const items of jsonRecords(req, stripOuterArray, onBytes)) {
      yield items.map((item): IncomingRow =>
        'invalid' in item ? { filtered: `not a JSON object: ${item.invalid}` } : converter.convert(columnNames.map((name) => jsonFieldText(item.record[name]))),
      );
    }
  }

  let txn;
  try {
    txn = beginLoad(ctx, { dbId: db.id, tableId: table.id, label, sourceType: 'BACKEND_STREAMING', timeoutMs, maxFilterRatio, partitions });
  } catch (error) {
    req.resume();
    fail(res, (error as Error).message, { Label: label });
    return;
  }
  try {
    const outcome = await runLoad(ctx, { dbId: db.id, tableId: table.id, label, sourceType: 'BACKEND_STREAMING', timeoutMs, maxFilterRatio, partitions }, txn, rows());
    reply(res, 200, {
      TxnId: outcome.txnId,
      Label: label,
      Status: (outcome.status === 'VISIBLE' ? 'Success' : 'Publish Timeout') satisfies StreamLoadStatus,
      Message: outcome.status === 'VISIBLE' ? 'OK' : 'transaction committed; the data becomes visible when every replica has published it',
      NumberTotalRows: outcome.totalRows,
      NumberLoadedRows: outcome.loadedRows,
      NumberFilteredRows: outcome.filteredRows,
      NumberUnselectedRows: 0,
      LoadBytes: loadBytes,
      LoadTimeMs: Date.now() - started,
      ...(outcome.filterReasons.length > 0 ? { FirstErrorMsgs: outcome.filterReasons.slice(0, 5) } : {}),
    });
  } catch (error) {
    req.resume();
    const stats = error instanceof LoadError ? error.stats : undefined;
    fail(res, (error as Error).message, {
      TxnId: txn.id,
      Label: label,
      NumberTotalRows: stats?.totalRows ?? 0,
      NumberLoadedRows: stats?.loadedRows ?? 0,
      NumberFilteredRows: stats?.filteredRows ?? 0,
      NumberUnselectedRows: 0,
      LoadBytes: loadBytes,
      LoadTimeMs: Date.now() - started,
      ...(stats && stats.filterReasons.length > 0 ? { FirstErrorMsgs: stats.filterReasons.slice(0, 5) } : {}),
    });
  }
}
