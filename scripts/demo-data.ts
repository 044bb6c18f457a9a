// The demo's sample data: a small shop across several databases — partitioned, unpartitioned and
// PRIMARY KEY tables, a view and a materialized view — and generated rows to load, streamed.
import { Readable } from 'node:stream';

export interface SampleTable {
  db: string;
  name: string;
  ddl: string;
  /** CSV line for row i (comma-separated, in column order). */
  row(i: number): string;
  /** Share of the loaded bytes this table gets. */
  weight: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (i: number) => `2024-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`;

export const SAMPLE_TABLES: SampleTable[] = [
  {
    db: 'shop',
    name: 'orders',
    ddl: `CREATE TABLE shop.orders (order_day DATE NOT NULL, order_id BIGINT NOT NULL, customer_id INT, amount DECIMAL(12, 2), channel VARCHAR(16), note VARCHAR(64))
      DUPLICATE KEY(order_day, order_id)
      PARTITION BY RANGE(order_day) (PARTITION q1 VALUES LESS THAN ('2024-04-01'), PARTITION q2 VALUES LESS THAN ('2024-07-01'), PARTITION q3 VALUES LESS THAN ('2024-10-01'), PARTITION q4 VALUES LESS THAN ('2025-01-01'))
      DISTRIBUTED BY HASH(order_id) BUCKETS 4 PROPERTIES ("replication_num" = "3")`,
    row: (i) => `${day(i)},${i},${i % 5000},${(i * 37) % 100000}.${pad(i % 100)},${i % 3 ? 'web' : 'store'},order note ${i % 997}`,
    weight: 0.55,
  },
  {
    db: 'shop',
    name: 'customers',
    ddl: `CREATE TABLE shop.customers (customer_id INT NOT NULL, name VARCHAR(64), city VARCHAR(32), signed_up DATETIME)
      PRIMARY KEY(customer_id) DISTRIBUTED BY HASH(customer_id) BUCKETS 2 PROPERTIES ("replication_num" = "3")`,
    row: (i) => `${i % 5000},customer ${i},city ${i % 40},${day(i)} ${pad(i % 24)}:${pad(i % 60)}:00`,
    weight: 0.1,
  },
  {
    db: 'catalog',
    name: 'products',
    ddl: `CREATE TABLE catalog.products (product_id INT NOT NULL, title VARCHAR(128), price DECIMAL(10, 2), in_stock BOOLEAN)
      DUPLICATE KEY(product_id) DISTRIBUTED BY HASH(product_id) BUCKETS 3 PROPERTIES ("replication_num" = "2")`,
    row: (i) => `${i},product ${i} with a longer descriptive title,${(i % 9000) / 7 + 1},${i % 4 ? 'true' : 'false'}`,
    weight: 0.15,
  },
  {
    db: 'logs',
    name: 'page_views',
    ddl: `CREATE TABLE logs.page_views (view_day DATE NOT NULL, view_id BIGINT NOT NULL, url VARCHAR(200), ms INT)
      DUPLICATE KEY(view_day, view_id)
      PARTITION BY RANGE(view_day) (PARTITION h1 VALUES LESS THAN ('2024-07-01'), PARTITION h2 VALUES LESS THAN ('2025-01-01'))
      DISTRIBUTED BY RANDOM BUCKETS 3 PROPERTIES ("replication_num" = "3")`,
    row: (i) => `${day(i)},${i},https://shop.example/item/${i % 20000}?ref=${i % 17},${i % 3000}`,
    weight: 0.2,
  },
];

export const SAMPLE_VIEWS = [
  'CREATE VIEW shop.big_orders AS SELECT order_id, amount FROM shop.orders WHERE amount > 500',
  'CREATE MATERIALIZED VIEW shop.daily_sales DISTRIBUTED BY HASH(order_day) BUCKETS 2 REFRESH ASYNC AS SELECT order_day, SUM(amount) AS total FROM shop.orders GROUP BY order_day',
];

export const SAMPLE_DATABASES = [...new Set(SAMPLE_TABLES.map((t) => t.db))];

/** Rows of `table` from index `from`, as a CSV body of about `bytes` bytes, generated as it streams. */
export function sampleBody(table: SampleTable, from: number, bytes: number): { body: Readable; rows: () => number } {
  let sent = 0;
  let i = from;
  const body = new Readable({
    read() {
      if (sent >= bytes) return void this.push(null);
      const lines: string[] = [];
      for (let k = 0; k < 1000; k++) lines.push(table.row(i++));
      const chunk = lines.join('\n') + '\n';
      sent += Buffer.byteLength(chunk);
      this.push(chunk);
    },
  });
  return { body, rows: () => i - from };
}
