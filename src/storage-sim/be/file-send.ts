// Serves one file as an HTTP response body from a few reused buffers. A file read stream hands
// out a fresh buffer per read; at replication rates those allocations kept a source BE's garbage
// collector busy for a sixth of its time. Here each read fills a buffer from a pool all responses
// share, written to the connection and taken back once the connection has taken it.
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { BufferPool } from '../util/buffer-pool.js';

const SEND_BUFFER_BYTES = 512 * 1024;
const pool = new BufferPool(SEND_BUFFER_BYTES, 32);

/** Writes `piece` to `res` and resolves once the connection no longer needs it. */
function writePiece(res: ServerResponse, piece: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const closed = () => reject(new Error('the client closed the connection'));
    res.once('close', closed);
    res.write(piece, (error) => {
      res.off('close', closed);
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * Sends the first `size` bytes of the file at `path` as the body (the head is the caller's);
 * `alter` may change a piece before it goes (fault injection). A file shorter than `size` fails
 * the response (the client sees fewer bytes than announced).
 */
export async function sendFile(res: ServerResponse, path: string, size: number, alter?: (piece: Buffer) => Buffer): Promise<void> {
  const file = await open(path, 'r');
  try {
    let offset = 0;
    while (offset < size) {
      const buffer = pool.take();
      let handedOver = false;
      try {
        const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, size - offset), offset);
        if (bytesRead === 0) throw new Error(`${path} ended at ${offset} of ${size} bytes`);
        offset += bytesRead;
        const piece = buffer.subarray(0, bytesRead);
        handedOver = true;
        await writePiece(res, alter ? alter(piece) : piece);
        pool.give(buffer);
      } catch (error) {
        // A buffer the connection may still hold is not reused.
        if (!handedOver) pool.give(buffer);
        res.destroy();
        throw error;
      }
    }
    res.end();
  } finally {
    await file.close();
  }
}
