// Writes statement outcomes to the client: OK packets, result sets (streamed row by row with
// backpressure) and errors. A result set whose rows fail half way is ended with an ERR packet in
// place of its final EOF, which clients read as the statement's error; the connection stays usable.

import { columnDefinition } from './column-definition.js';
import { SqlError, toSqlErrorInfo } from './errors.js';
import { ConnectionClosedError, type PacketWriter } from './packet-writer.js';
import { columnCountPacket, eofPacket, errorPacket, okPacket, textRowPacket } from './packets.js';
import { Status } from './protocol-constants.js';
import { isRowBatches } from './row-batches.js';
import type { ColumnSpec, StatementResult, TextRow } from './types.js';

/** Status flags of the packet ending a statement; `more` says another result follows. */
export function endStatus(more: boolean): number {
  return more ? Status.MORE_RESULTS_EXISTS : Status.NONE;
}

export function writeError(w: PacketWriter, e: unknown): void {
  w.push(errorPacket(toSqlErrorInfo(e)));
}

/**
 * Writes one statement's result. Returns false when an error packet was written instead (which
 * ends the reply: later statements of the query are not run). Throws ConnectionClosedError when
 * the client went away.
 */
export async function writeResult(
  w: PacketWriter,
  result: StatementResult,
  database: string | undefined,
  more: boolean,
): Promise<boolean> {
  if (result?.kind === 'ok') {
    w.push(
      okPacket({
        affectedRows: result.affectedRows,
        insertId: result.insertId,
        warnings: result.warnings,
        info: result.info,
        status: endStatus(more),
      }),
    );
    return true;
  }
  if (result?.kind === 'rows' && Array.isArray(result.columns) && result.columns.length > 0 && result.rows != null) {
    return writeRows(w, result.columns, result.rows, database, more);
  }
  // A result set cannot have zero columns on the wire (a column count of 0 reads as OK).
  writeError(w, SqlError.internal('The statement returned no usable result'));
  return false;
}

async function writeRows(
  w: PacketWriter,
  columns: ColumnSpec[],
  rows: Iterable<TextRow> | AsyncIterable<TextRow>,
  database: string | undefined,
  more: boolean,
): Promise<boolean> {
  let headerWritten = false;
  const writeHeader = (): void => {
    w.push(columnCountPacket(columns.length));
    for (const c of columns) w.push(columnDefinition(c, database));
    w.push(eofPacket(Status.NONE));
    headerWritten = true;
  };
  /** Queues one row; true when the writer should be flushed before more are queued. */
  const pushRow = (row: TextRow): boolean => {
    if (!headerWritten) writeHeader();
    if (!Array.isArray(row) || row.length !== columns.length) {
      throw SqlError.internal(`A result row has ${Array.isArray(row) ? row.length : 'no'} values for ${columns.length} columns`);
    }
    return w.push(textRowPacket(row));
  };
  try {
    // The header waits for the first row, so a row source that fails at once yields a plain
    // error rather than a result set cut short. Leaving the loop early (error, client gone)
    // makes `for await` call the source's return(), so generators get to clean up.
    if (isRowBatches(rows)) {
      for await (const batch of rows.batches()) {
        for (const row of batch) if (pushRow(row)) await w.flush();
      }
    } else {
      for await (const row of rows) if (pushRow(row)) await w.flush();
    }
  } catch (e) {
    if (e instanceof ConnectionClosedError) throw e;
    writeError(w, e);
    return false;
  }
  if (!headerWritten) writeHeader();
  w.push(eofPacket(endStatus(more)));
  return true;
}
