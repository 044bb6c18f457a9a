// BE configuration items (StarRocks names and defaults) that change how the BE moves data, read
// and changed at run time like StarRocks' dynamic BE configs
// (UPDATE information_schema.be_configs SET value = ... WHERE name = ...).
import { cpus } from 'node:os';

export const BE_CONFIG_DEFAULTS: Record<string, string> = {
  /** Threads for replication tasks; 0 = 4 x CPU cores. */
  replication_threads: '0',
  /** Download bandwidth per BE for replication and restore, KB/s. */
  max_download_speed_kbps: '50000',
  /** Concurrent file downloads of RESTORE jobs per BE; 0 = the number of CPU cores. */
  download_worker_count: '0',
  /** Concurrent file uploads of BACKUP jobs per BE; 0 = the number of CPU cores. */
  upload_worker_count: '0',
  make_snapshot_worker_count: '5',
  release_snapshot_worker_count: '5',
  /** Repository uploads larger than this go as multipart uploads, bytes. */
  experimental_s3_max_single_part_size: '16777216',
  /** The part size of multipart uploads, bytes. */
  experimental_s3_min_upload_part_size: '16777216',
};

/** Read once: os.cpus() builds a list of every core's times, too costly to call per task. */
const CPU_CORES = cpus().length;

export class BeConfig {
  private readonly values = new Map<string, string>();

  get(key: string): string {
    const value = this.values.get(key) ?? BE_CONFIG_DEFAULTS[key];
    if (value === undefined) throw new Error(`unknown BE config ${key}`);
    return value;
  }

  set(key: string, value: string): void {
    if (!(key in BE_CONFIG_DEFAULTS)) throw new Error(`Config '${key}' does not exist`);
    if (!/^\d+$/.test(value)) throw new Error(`Invalid value '${value}' for config '${key}': expected a non-negative integer`);
    this.values.set(key, value);
  }

  all(): Record<string, string> {
    return Object.fromEntries(Object.keys(BE_CONFIG_DEFAULTS).map((key) => [key, this.get(key)]));
  }

  replicationThreads(): number {
    const n = Number(this.get('replication_threads'));
    return n > 0 ? n : 4 * CPU_CORES;
  }

  /** A worker count setting (upload_worker_count, download_worker_count): 0 means one per CPU core. */
  workerCount(key: 'upload_worker_count' | 'download_worker_count'): number {
    const n = Number(this.get(key));
    return n > 0 ? n : CPU_CORES;
  }

  /** Bytes per second, or Infinity for no limit (0). */
  downloadBytesPerSecond(): number {
    const kbps = Number(this.get('max_download_speed_kbps'));
    return kbps > 0 ? kbps * 1024 : Number.POSITIVE_INFINITY;
  }
}
