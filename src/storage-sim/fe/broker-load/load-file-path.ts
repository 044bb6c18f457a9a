// DATA INFILE paths. StarRocks' Broker Load reaches AWS S3 and S3-compatible stores through the
// S3A file system, and takes s3:// as well as s3a:// for them (docs: loading/s3.md, "Broker Load
// supports accessing AWS S3 according to the S3 or S3A protocol"). The last path component may be
// a wildcard (* and ?), as Hadoop's globStatus expands it. This engine reaches no HDFS.

export interface LoadFilePath {
  /** As written in the statement (what messages name). */
  text: string;
  bucket: string;
  /** The object key, or the key pattern when `glob`. */
  key: string;
  glob: boolean;
}

export function parseLoadFilePath(text: string): LoadFilePath {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)\/?(.*)$/.exec(text);
  const scheme = match?.[1]?.toLowerCase();
  if (!match || scheme === undefined) throw new Error(`Invalid file path '${text}': expected s3a://<bucket>/<path> or s3://<bucket>/<path>`);
  if (scheme !== 's3' && scheme !== 's3a') {
    throw new Error(`Unsupported file path '${text}': this engine loads from object stores only, through the S3 protocol; use s3a://<bucket>/<path> or s3://<bucket>/<path>`);
  }
  const bucket = match[2]!;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`Invalid file path '${text}': '${bucket}' is not a bucket name`);
  const key = match[3]!;
  if (key === '' || key.endsWith('/')) throw new Error(`Invalid file path '${text}': it names a directory; name a file, or files with a wildcard such as <dir>/*`);
  const slash = key.lastIndexOf('/');
  if (/[*?[]/.test(key.slice(0, slash + 1))) throw new Error(`Invalid file path '${text}': wildcards are supported in the last path component only`);
  return { text, bucket, key, glob: /[*?]/.test(key.slice(slash + 1)) };
}

/** The key prefix to list for a wildcard path: its directory. */
export function globDirectory(path: LoadFilePath): string {
  return path.key.slice(0, path.key.lastIndexOf('/') + 1);
}

/** Whether a key (in the wildcard's directory) matches the wildcard: * any run of characters but '/', ? one character. */
export function globMatches(path: LoadFilePath, key: string): boolean {
  const pattern = path.key.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${pattern}$`).test(key);
}
