// One string per (database, table): the key of every map the daemon keeps per table (the planner,
// the job tracker, the progress report, partition versions, the one-time goal, verify's counts).
// JSON of the pair: names may hold dots, quotes or any other character, and a JSON array keeps the
// parts apart unambiguously.
export type TableKey = string;

export const tableKey = (db: string, table: string): TableKey => JSON.stringify([db, table]);

/** The same for one partition of a table. */
export const partitionKey = (db: string, table: string, partition: string): string => JSON.stringify([db, table, partition]);

/** A database, table or partition as the log and the reports name it: db, db.table or db.table.partition. */
export const objectName = (item: { db: string; table?: string; partition?: string }): string => [item.db, item.table, item.partition].filter(Boolean).join('.');

/** The (database, table) pair a key was made from. */
export const tableOfKey = (key: TableKey): { db: string; table: string } => {
  const [db, table] = JSON.parse(key) as [string, string];
  return { db, table };
};
