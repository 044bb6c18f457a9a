// ON LOCATION of CREATE REPOSITORY. As the backup guide says, StarRocks reaches AWS S3 and Google
// GCS only through the S3A protocol, so their locations are written s3a://<bucket>/<path>; this
// engine reaches no HDFS cluster at all. Anything else is refused with what to write instead.
// The bucket name itself is not judged here: StarRocks' FE checks only that a location is given
// (RepositoryAnalyzer) and leaves the bucket to the object store, whose refusal comes back when the
// store is first used: CREATE REPOSITORY reads or writes __repo_info there (Repository.initRepository,
// BackupHandler.createRepository: "Failed to create repository: <the store's error>"). So
// s3a://bucket_s3/backup, the seed's own example, is accepted wherever the store accepts bucket_s3.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/analyzer/RepositoryAnalyzer.java
// StarRocks: fe/fe-core/src/main/java/com/starrocks/backup/Repository.java
import { SimError } from '../sim-error.js';

export interface RepositoryLocation {
  bucket: string;
  /** The path below the bucket, without leading or trailing slashes ('' for the bucket root). */
  prefix: string;
}

const S3A_ONLY = 'StarRocks supports creating repositories in AWS S3 and Google GCS only according to the S3A protocol';

export function parseRepositoryLocation(location: string): RepositoryLocation {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(location)?.[1]?.toLowerCase();
  if (scheme === undefined) throw SimError.common(`Invalid repository location '${location}': expected s3a://<bucket>/<path>`);
  if (scheme === 'hdfs' || scheme === 'viewfs') {
    throw SimError.common(`Repositories on HDFS are not supported by this engine (location '${location}'): it reaches object stores only, through the S3 protocol; use an s3a://<bucket>/<path> location`);
  }
  if (scheme === 's3') throw SimError.common(`${S3A_ONLY}: replace s3:// with s3a:// in ON LOCATION (got '${location}')`);
  if (scheme !== 's3a') throw SimError.common(`${S3A_ONLY}: replace the prefix ${scheme}:// with s3a:// in ON LOCATION (got '${location}')`);
  const rest = location.slice('s3a://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (bucket === '') throw SimError.common(`Invalid repository location '${location}': no bucket after s3a://; expected s3a://<bucket>/<path>`);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((part) => part === '..' || part === '.')) throw SimError.common(`Invalid repository location '${location}': the path may not contain . or .. segments`);
  return { bucket, prefix };
}
