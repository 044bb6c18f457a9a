// One file's GET over a plain HTTP/1.1 connection, its body read straight into a few reused
// buffers. Node's HTTP client hands a body over in fresh 64 KiB buffers: at replication rates the
// allocations alone keep the BE's garbage collector running several times a second, and the
// per-chunk stream machinery costs more CPU than the bytes. Here each read fills up to
// READ_BUFFER_BYTES of a buffer from a pool all downloads share, which goes back to the pool once
// its piece is written.
// Only what a BE's download handler answers is understood: a 200 with a Content-Length, or an
// error status whose body explains it.
import net from 'node:net';
import { getRefused, maskToken } from '../common/internal-http.js';
import { BufferPool } from '../util/buffer-pool.js';

/** Bytes one read may bring when the bandwidth is not limited. */
const READ_BUFFER_BYTES = 512 * 1024;
/** Pieces being written at once; reading pauses beyond this (backpressure from the disk). */
const MAX_PIECES_IN_FLIGHT = 4;
/** Free buffers kept per read size: enough for a BE's usual number of downloads at once. */
const POOL_KEEP = 64;
const pools = new Map<number, BufferPool>();

function poolFor(size: number): BufferPool {
  let pool = pools.get(size);
  if (!pool) pools.set(size, (pool = new BufferPool(size, POOL_KEEP)));
  return pool;
}

/** Read buffers the downloads of this process have allocated so far (the rest were reused). */
export function downloadBuffersAllocated(): number {
  return [...pools.values()].reduce((sum, pool) => sum + pool.allocated, 0);
}

/** A response head longer than this is not a download handler's answer. */
const MAX_HEAD_BYTES = 64 * 1024;

export interface BodyHandlers {
  /** Called for each piece of the body, in order; `piece` may be reused once the returned promise settles. */
  onPiece(piece: Buffer, offset: number): Promise<void>;
  /** Milliseconds to hold further reads after `bytes` arrived (the bandwidth limit); 0 for none. */
  delayAfter(bytes: number): number;
  /** The connection fails after this long without data. */
  timeoutMs: number;
  /**
   * The most one read may bring (READ_BUFFER_BYTES when absent). A limited bandwidth wants small
   * pieces: each waits for its share, so a big one would make the pace coarse.
   */
  readBytes?: number;
}

interface ResponseHead {
  status: number;
  contentLength: number | undefined;
}

function parseHead(text: string): ResponseHead {
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!status) throw new Error(`not an HTTP response: ${text.slice(0, 80)}`);
  const length = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i.exec(text);
  return { status: Number(status[1]), contentLength: length ? Number(length[1]) : undefined };
}

/** GETs `url` and hands its body to `handlers.onPiece`; resolves with the body's length once every piece is written. */
export function downloadBody(url: string, handlers: BodyHandlers): Promise<number> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const shownUrl = maskToken(url);
  return new Promise((resolve, reject) => {
    const pool = poolFor(handlers.readBytes ?? READ_BUFFER_BYTES);
    let head: Buffer | undefined = Buffer.alloc(0);
    let response: ResponseHead | undefined;
    let errorBody = '';
    let received = 0;
    let writing = 0;
    let holding = false;
    /** Reading stopped: the read callback answered false (Node stops the handle without pausing the stream). */
    let stopped = false;
    let complete = false;
    let failure: Error | undefined;
    let settled = false;

    // Settles only when no write is outstanding, so the caller may close the file at once.
    const settleIfIdle = () => {
      if (settled || writing > 0 || (!complete && !failure)) return;
      settled = true;
      socket.destroy();
      if (failure) reject(failure);
      else resolve(received);
    };
    const fail = (error: Error) => {
      if (settled || failure) return;
      failure = error;
      socket.destroy();
      settleIfIdle();
    };
    const resumeIfFree = () => {
      if (!stopped || holding || writing >= MAX_PIECES_IN_FLIGHT || complete || failure) return;
      stopped = false;
      socket.resume();
    };

    const takeBody = (piece: Buffer, buffer: Buffer | undefined): boolean => {
      const expected = response!.contentLength!;
      if (received + piece.length > expected) {
        fail(new Error(`${shownUrl}: more than the announced ${expected} bytes`));
        return false;
      }
      const offset = received;
      received += piece.length;
      if (received === expected) {
        complete = true;
        socket.destroy();
      }
      // A piece that must wait for bandwidth is handed over once it may go, reading held till then.
      const wait = handlers.delayAfter(piece.length);
      writing++;
      if (wait > 0) {
        holding = true;
        setTimeout(() => {
          holding = false;
          deliver(piece, buffer, offset);
        }, wait);
      } else deliver(piece, buffer, offset);
      return !complete && !holding && writing < MAX_PIECES_IN_FLIGHT;
    };

    /** Hands a piece to onPiece (counted in `writing` already); its buffer returns to the pool once written. */
    const deliver = (piece: Buffer, buffer: Buffer | undefined, offset: number) => {
      let written: Promise<void>;
      try {
        written = handlers.onPiece(piece, offset);
      } catch (error) {
        written = Promise.reject(error as Error);
      }
      written.then(
        () => {
          writing--;
          if (buffer) pool.give(buffer);
          resumeIfFree();
          settleIfIdle();
        },
        (error: unknown) => {
          writing--;
          fail(error as Error);
          settleIfIdle();
        },
      );
    };

    const takeHead = (bytes: Buffer): boolean => {
      head = Buffer.concat([head!, bytes]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) fail(new Error(`${shownUrl}: no end to the response head within ${MAX_HEAD_BYTES} bytes`));
        return !failure;
      }
      try {
        response = parseHead(head.subarray(0, end).toString('latin1'));
      } catch (error) {
        fail(error as Error);
        return false;
      }
      // The head was copied out of the read buffer, and so is the start of the body that came with it.
      const rest = head.subarray(end + 4);
      head = undefined;
      if (response.status !== 200) return takeErrorBody(rest);
      if (response.contentLength === undefined) {
        fail(new Error(`${shownUrl}: the response has no Content-Length`));
        return false;
      }
      if (response.contentLength === 0) {
        complete = true;
        settleIfIdle();
        return false;
      }
      return rest.length === 0 || takeBody(rest, undefined);
    };

    const takeErrorBody = (bytes: Buffer): boolean => {
      errorBody += bytes.toString('utf8');
      if (response!.contentLength !== undefined && Buffer.byteLength(errorBody) >= response!.contentLength) failWithStatus();
      return !failure;
    };
    const failWithStatus = () => fail(getRefused(url, response!.status, errorBody));

    // Node asks for the next read's buffer as soon as a read is handed over, so one buffer is
    // always armed and unread; it goes back to the pool when the connection closes, or every
    // download would leave one to the garbage collector.
    let armed: Buffer | undefined;
    const socket = net.connect({
      host,
      port: Number(target.port || 80),
      onread: {
        buffer: () => (armed = pool.take()),
        callback: (length: number, buffer: Buffer): boolean => {
          if (buffer === armed) armed = undefined;
          const more = take(length, buffer);
          if (!more) stopped = true;
          return more;
        },
      },
    });
    const take = (length: number, buffer: Buffer): boolean => {
      if (complete || failure) return false;
      const bytes = buffer.subarray(0, length);
      if (head) {
        const more = takeHead(bytes);
        pool.give(buffer);
        return more;
      }
      if (response!.status !== 200) {
        const more = takeErrorBody(bytes);
        pool.give(buffer);
        return more;
      }
      return takeBody(bytes, buffer);
    };
    socket.setNoDelay(true);
    // Once the whole body is in, only a failed write can still fail the download, not the connection.
    const failTransfer = (error: Error) => {
      if (!complete) fail(error);
    };
    socket.setTimeout(handlers.timeoutMs, () => failTransfer(new Error(`download timed out (no data for ${handlers.timeoutMs / 1000} s)`)));
    socket.on('connect', () => {
      socket.write(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('error', failTransfer);
    socket.on('close', () => {
      if (armed) pool.give(armed);
      armed = undefined;
      if (response && response.status !== 200) failWithStatus();
      else failTransfer(new Error(`${shownUrl}: the connection closed after ${received} of ${response?.contentLength ?? '?'} bytes`));
    });
  });
}
