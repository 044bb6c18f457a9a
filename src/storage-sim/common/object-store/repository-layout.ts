// Where things live in a repository (StarRocks' layout, relative to the repository location):
//   __starrocks_repository_<repo>/__repo_info
//   __starrocks_repository_<repo>/__ss_<snapshot>/__meta.<md5>
//   __starrocks_repository_<repo>/__ss_<snapshot>/__info_<yyyy-MM-dd-HH-mm-ss-SSS>.<md5>
//   __starrocks_repository_<repo>/__ss_<snapshot>/__ss_content/__db_<id>/__tbl_<id>/__part_<id>/__idx_<id>/__<tabletId>/__<schemaHash>/<file>.<md5>
// A file is uploaded as <name>.part and renamed to <name>.<md5> once complete, so a name with a
// checksum always stands for a whole file, and its checksum is checked when it is downloaded.

export const REPO_INFO_FILE = '__repo_info';
export const TEMP_SUFFIX = 'part';

export function repositoryRoot(repo: string): string {
  return `__starrocks_repository_${repo}`;
}

export function repositoryInfoKey(repo: string): string {
  return `${repositoryRoot(repo)}/${REPO_INFO_FILE}`;
}

/** Prefix under which every snapshot directory of a repository is listed. */
export function snapshotsPrefix(repo: string): string {
  return `${repositoryRoot(repo)}/__ss_`;
}

export function snapshotDir(repo: string, snapshot: string): string {
  return `${snapshotsPrefix(repo)}${snapshot}`;
}

/** The meta file's name before its checksum. */
export function metaFileBase(repo: string, snapshot: string): string {
  return `${snapshotDir(repo, snapshot)}/__meta`;
}

/** The job info file's name before its timestamp (list with this prefix to find every backup of a snapshot). */
export function infoFilePrefix(repo: string, snapshot: string): string {
  return `${snapshotDir(repo, snapshot)}/__info_`;
}

export interface TabletLocation {
  dbId: number;
  tableId: number;
  partitionId: number;
  indexId: number;
  tabletId: number;
  schemaHash: number;
}

export function tabletDir(repo: string, snapshot: string, t: TabletLocation): string {
  return `${snapshotDir(repo, snapshot)}/__ss_content/__db_${t.dbId}/__tbl_${t.tableId}/__part_${t.partitionId}/__idx_${t.indexId}/__${t.tabletId}/__${t.schemaHash}`;
}

export function withChecksum(name: string, md5: string): string {
  return `${name}.${md5}`;
}

/** `<name>.<32 hex digits>` -> its parts; undefined for anything else (e.g. an unfinished `.part`). */
export function splitChecksum(nameWithChecksum: string): { name: string; md5: string } | undefined {
  const match = /^(.*)\.([0-9a-f]{32})$/.exec(nameWithChecksum);
  return match ? { name: match[1]!, md5: match[2]! } : undefined;
}

/** A backup's timestamp as StarRocks writes it (yyyy-MM-dd-HH-mm-ss-SSS, the FE's local time). */
export function snapshotTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${two(d.getHours())}-${two(d.getMinutes())}-${two(d.getSeconds())}-${String(d.getMilliseconds()).padStart(3, '0')}`;
}
