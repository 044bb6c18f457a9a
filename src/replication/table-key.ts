// One string per (database, table), for maps shared by the planner, the job tracker and the
// progress report. JSON of the pair, as the verify command keys its counts: names may hold dots,
// quotes or any other character, and a JSON array keeps the two parts apart unambiguously.
export type TableKey = string;

export const tableKey = (db: string, table: string): TableKey => JSON.stringify([db, table]);
