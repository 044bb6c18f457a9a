// What the catalogue keeps of a Broker Load job (StarRocks' LoadJob / BrokerLoadJob, persisted by
// the create-load-job and end-load-job edit log entries): enough to show it in SHOW LOAD, to run
// it again from PENDING after an FE restart, and to know how it ended. Secret broker properties
// are kept sealed (see backup/repository-secrets.ts).

/** StarRocks' load/loadv2/JobState, as far as a Broker Load job goes (ETL is skipped). */
export type LoadJobState = 'PENDING' | 'LOADING' | 'FINISHED' | 'CANCELLED';

/** StarRocks' load/FailMsg.CancelType values a Broker Load job can end with. */
export type LoadCancelType = 'USER_CANCEL' | 'ETL_SUBMIT_FAIL' | 'ETL_RUN_FAIL' | 'ETL_QUALITY_UNSATISFIED' | 'LOAD_RUN_FAIL' | 'TIMEOUT' | 'UNKNOWN';

export interface LoadFailMsg {
  type: LoadCancelType;
  msg: string;
}

/** One DATA INFILE clause, resolved: the table by id, the text options unescaped. */
export interface LoadFileGroup {
  paths: string[];
  tableId: number;
  tableName: string;
  partitions?: string[];
  format: 'csv' | 'json';
  columnSeparator: string;
  rowDelimiter: string;
  /** The names the file's fields stand for; the table's columns in order when absent. */
  columns?: string[];
}

/** What the job read and wrote, for SHOW LOAD's counters and JobDetails. */
export interface LoadJobStats {
  fileNumber: number;
  fileSize: number;
  scanRows: number;
  scanBytes: number;
  filteredRows: number;
  sinkRows: number;
}

export interface BrokerLoadJobMeta {
  id: number;
  dbId: number;
  label: string;
  state: LoadJobState;
  /** WITH BROKER's name ('' without one). */
  broker: string;
  /** WITH BROKER's properties, secret values sealed. */
  brokerProperties: Record<string, string>;
  fileGroups: LoadFileGroup[];
  timeoutSecond: number;
  maxFilterRatio: number;
  createTime: number;
  loadStartTime: number;
  finishTime: number;
  /** The job's transaction, once it began one (-1 before). */
  txnId: number;
  progress: number;
  failMsg?: LoadFailMsg;
  stats: LoadJobStats;
  /** The first reasons rows were filtered (the job's error log). */
  filterReasons: string[];
}

export function isLoadJobDone(job: BrokerLoadJobMeta): boolean {
  return job.state === 'FINISHED' || job.state === 'CANCELLED';
}

export function emptyLoadStats(): LoadJobStats {
  return { fileNumber: 0, fileSize: 0, scanRows: 0, scanBytes: 0, filteredRows: 0, sinkRows: 0 };
}
