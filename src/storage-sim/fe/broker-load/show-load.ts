// SHOW LOAD: StarRocks' columns (common/proc/LoadProcDir.java TITLE_NAMES) and each job's row as
// load/loadv2/LoadJob.java getShowInfo builds it: state, "ETL:..%; LOAD:..%" progress, the
// counters, "resource:N/A; timeout(s):..; max_filter_ratio:.." task info, "type:..; msg:.."
// errors, the literal NULL for times not reached and empty infos, and JobDetails as JSON.
import type { ShowLoadStatement } from '../../sql/ast.js';
import type { BrokerLoadJobMeta } from '../catalog/load-job-model.js';
import type { StarRocksRelease } from '../starrocks-release.js';
import type { Cell } from '../show/show-result.js';
import { SimError } from '../sim-error.js';
import { showTime } from '../backup/job-status.js';

const COLUMNS = [
  'JobId', 'Label', 'State', 'Progress', 'Type', 'Priority', 'ScanRows', 'FilteredRows', 'UnselectedRows', 'SinkRows', 'EtlInfo',
  'TaskInfo', 'ErrorMsg', 'CreateTime', 'EtlStartTime', 'EtlFinishTime', 'LoadStartTime', 'LoadFinishTime', 'TrackingSQL', 'JobDetails',
];

/** The states SHOW LOAD's STATE = may name (load/loadv2/JobState.java, as SHOW prints them). */
const STATES = ['PENDING', 'ETL', 'LOADING', 'QUEUEING', 'PREPARED', 'COMMITTED', 'FINISHED', 'CANCELLED', 'UNKNOWN'];

/** FeConstants.NULL_STRING: what SHOW LOAD prints for an absent value. */
const NULL_TEXT = 'NULL';

export function showLoadColumns(release: StarRocksRelease): string[] {
  return release.showLoadWarehouseColumn ? [...COLUMNS, 'Warehouse'] : COLUMNS;
}

/** A double as Java's Double.toString prints it for the ratios users write (0.0, 0.1, 1.0E-4). */
export function javaDouble(value: number): string {
  if (Number.isInteger(value)) return `${value}.0`;
  if (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e7) return String(value);
  const [mantissa, exponent] = value.toExponential().split('e');
  return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

function progress(job: BrokerLoadJobMeta): string {
  if (job.state === 'PENDING') return 'ETL:0%; LOAD:0%';
  if (job.state === 'CANCELLED') return 'ETL:N/A; LOAD:N/A';
  return `ETL:100%; LOAD:${job.progress}%`;
}

function time(ms: number): string {
  return showTime(ms) ?? NULL_TEXT;
}

/** LoadStatistic.toShowInfoStr: what the job read and wrote. */
function jobDetails(job: BrokerLoadJobMeta): string {
  const { stats } = job;
  return JSON.stringify({
    'All backends': {},
    FileNumber: stats.fileNumber,
    FileSize: stats.fileSize,
    InternalTableLoadBytes: stats.scanBytes,
    InternalTableLoadRows: stats.sinkRows,
    ScanBytes: stats.scanBytes,
    ScanRows: stats.scanRows,
    TaskNumber: job.state === 'PENDING' ? 0 : job.fileGroups.length,
    'Unfinished backends': {},
  });
}

export function showLoadRow(job: BrokerLoadJobMeta, release: StarRocksRelease): Cell[] {
  const row: Cell[] = [
    job.id,
    job.label,
    job.state,
    progress(job),
    'BROKER',
    'NORMAL',
    job.stats.scanRows,
    job.stats.filteredRows,
    0,
    job.stats.sinkRows,
    NULL_TEXT,
    `resource:N/A; timeout(s):${job.timeoutSecond}; max_filter_ratio:${javaDouble(job.maxFilterRatio)}`,
    job.failMsg ? `type:${job.failMsg.type}; msg:${job.failMsg.msg}` : NULL_TEXT,
    time(job.createTime),
    time(job.loadStartTime),
    time(job.loadStartTime),
    time(job.loadStartTime),
    time(job.finishTime),
    '',
    jobDetails(job),
  ];
  if (release.showLoadWarehouseColumn) row.push('default_warehouse');
  return row;
}

/**
 * The jobs a SHOW LOAD names: LABEL = is exact, LABEL LIKE matches labels containing the text
 * (load/loadv2/LoadMgr.java getLoadJobsByDb), STATE = one state; by JobId unless ordered.
 */
export function selectJobs(jobs: readonly BrokerLoadJobMeta[], stmt: ShowLoadStatement): BrokerLoadJobMeta[] {
  let state: string | undefined;
  if (stmt.state !== undefined) {
    state = stmt.state.toUpperCase();
    if (!STATES.includes(state)) throw SimError.analysis(`No enum constant JobState.${stmt.state}: expected one of ${STATES.join(', ')}`);
  }
  return jobs
    .filter((job) => !stmt.label || (stmt.label.exact ? job.label === stmt.label.value : job.label.includes(stmt.label.value)))
    .filter((job) => state === undefined || job.state === state)
    .sort((a, b) => a.id - b.id);
}
