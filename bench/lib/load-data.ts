// Test data for the benchmarks: a generated CSV body of ~100-byte rows over 8 columns, streamed
// (no file, no memory held), the table it loads into, and a streaming HTTP PUT.
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Column list, keys, partitions and buckets of the table csvBody() loads into (add PROPERTIES). */
export const EVENTS_TABLE_COLUMNS = `(id BIGINT NOT NULL, day DATE NOT NULL, shop INT, amount DECIMAL(12, 2), user VARCHAR(32), channel VARCHAR(8), note VARCHAR(64), seq BIGINT)
  DUPLICATE KEY(id) PARTITION BY RANGE(day) (PARTITION h1 VALUES LESS THAN ('2024-07-01'), PARTITION h2 VALUES LESS THAN ('2025-01-01'))
  DISTRIBUTED BY HASH(id) BUCKETS 6`;

/**
 * ~100-byte rows over 8 columns, generated as the body streams: no file, no memory held. Days fall
 * in the first `months` months of 2024 (12: both partitions of EVENTS_TABLE_COLUMNS; 6: only h1);
 * ids start at `firstId` so a later load adds new rows.
 */
export function csvBody(totalBytes: number, options: { months?: number; firstId?: number } = {}): Readable {
  const months = options.months ?? 12;
  let sent = 0;
  let id = options.firstId ?? 0;
  return new Readable({
    read() {
      if (sent >= totalBytes) return void this.push(null);
      const lines: string[] = [];
      for (let i = 0; i < 2000; i++, id++) {
        const day = 1 + (id % 28);
        lines.push(`${id},2024-${String(1 + (id % months)).padStart(2, '0')}-${String(day).padStart(2, '0')},${id % 1000},${(id * 7) % 100000}.${id % 100},user_${id % 50000},${id % 2 ? 'web' : 'app'},${'x'.repeat(30 + (id % 20))},${id * 3}`);
      }
      const chunk = lines.join('\n') + '\n';
      sent += Buffer.byteLength(chunk);
      this.push(chunk);
    },
  });
}

export function put(url: string, headers: Record<string, string>, body: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers: { ...headers, 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    pipeline(body, req).catch(reject);
  });
}

/** Stream Loads `bytes` of generated rows into db.table of a cluster whose FE HTTP port is given. */
export async function streamLoad(httpPort: number, db: string, table: string, bytes: number, label: string, rows: { months?: number; firstId?: number } = {}): Promise<Record<string, unknown>> {
  const reply = JSON.parse(
    await put(`http://127.0.0.1:${httpPort}/api/${db}/${table}/_stream_load`, { authorization: `Basic ${Buffer.from('root:').toString('base64')}`, label, column_separator: ',' }, csvBody(bytes, rows)),
  ) as Record<string, unknown>;
  if (reply.Status !== 'Success') throw new Error(`the load failed: ${JSON.stringify(reply)}`);
  return reply;
}
