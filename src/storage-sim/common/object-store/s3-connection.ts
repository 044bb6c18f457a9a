// How a node reaches a repository's object store: the settings the FE derives from CREATE REPOSITORY
// and sends, with each upload or download task, to the BEs that move the data (as StarRocks' FE
// hands the repository properties to its BEs). Plain JSON, so it travels in internal requests.
import { S3Client } from '@aws-sdk/client-s3';

export type ChecksumMode = 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';

export interface S3Connection {
  /** http(s)://host[:port]; absent for AWS's regional endpoint. */
  endpoint?: string;
  region: string;
  /** Absent with use_instance_profile: the SDK's default credential chain applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Path-style addressing (http://host/bucket/key), which S3-compatible stores usually need. */
  pathStyle: boolean;
  /**
   * Some S3-compatible stores save the SDK's default streaming checksums (chunk framing) as part of
   * the object: WHEN_REQUIRED sends checksums only for operations that demand them.
   */
  requestChecksums: ChecksumMode;
  responseChecksums: ChecksumMode;
  bucket: string;
  /** Key prefix of the repository location, without leading or trailing slashes ('' for the bucket root). */
  prefix: string;
  /** How long a request may wait for a connection, and with no bytes moving (defaults: 10 s, 60 s). */
  timeouts?: { connectMs: number; idleMs: number };
}

export function createS3Client(connection: S3Connection): S3Client {
  return new S3Client({
    region: connection.region,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    forcePathStyle: connection.pathStyle,
    requestChecksumCalculation: connection.requestChecksums,
    responseChecksumValidation: connection.responseChecksums,
    // Bodies are file streams that cannot be replayed: the object store layer retries whole requests itself.
    maxAttempts: 1,
    // A store that stops answering fails the request instead of holding it (and whatever waits on
    // it) forever: no connection within 10 s, or no bytes either way for 60 s.
    // (socketTimeout is the idle one; requestTimeout would bound a whole transfer, however large.)
    requestHandler: { connectionTimeout: connection.timeouts?.connectMs ?? 10_000, socketTimeout: connection.timeouts?.idleMs ?? 60_000 },
  });
}

/** Where the connection points, for messages: never includes credentials. */
export function describeConnection(connection: S3Connection): string {
  return `s3a://${connection.bucket}${connection.prefix ? `/${connection.prefix}` : ''}${connection.endpoint ? ` at ${connection.endpoint}` : ''}`;
}
