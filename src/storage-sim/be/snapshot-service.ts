// The source side of replication on a BE: make and release snapshots (internal API), and serve
// their files over the public HTTP port as StarRocks' BE does:
//   GET /api/_tablet/_download?token=<cluster token>&type=V2&file=<snapshot>/<tabletId>/<schemaHash>/
//     -> one "name|size" line per file;  ...&file=<snapshot>/<tabletId>/<schemaHash>/<name> -> the file
// A download with a wrong token is refused (NotAuthorized); only files inside this BE's snapshots
// can be fetched. Making and releasing a snapshot take no token, as StarRocks' BE takes them over
// its be_port (BackendService make_snapshot / release_snapshot) without one: a wrong source token
// shows when the target BE downloads, with the source BE's refusal in the job's error.
import { readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { HttpError } from '../common/internal-http.js';
import { sendFile } from './file-send.js';
import type { MakeSnapshotRequest, MakeSnapshotResult, ReleaseSnapshotRequest } from '../common/replication-api.js';
import { readSnapshotMeta, SNAPSHOT_META_FILE, StorageError, VersionsNotAvailable, type TabletStore, type SnapshotMeta } from './storage/index.js';

export interface SnapshotServiceOptions {
  store: TabletStore;
  /** The cluster token this BE accepts (learnt from its FE's heartbeats). */
  token: () => string | undefined;
  /** Fault injection for tests: the next `corruptDownloads` files served arrive with one byte flipped. */
  faults: { corruptDownloads: number };
}

function sameToken(given: string | null | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class SnapshotService {
  private readonly snapshotRoot: string;

  constructor(private readonly options: SnapshotServiceOptions) {
    this.snapshotRoot = options.store.snapshotRoot;
  }

  private checkToken(token: string | null | undefined): void {
    if (!sameToken(token, this.options.token())) throw new HttpError(401, 'NotAuthorized: the token does not match this cluster', 'NotAuthorized');
  }

  make(request: MakeSnapshotRequest): MakeSnapshotResult {
    const info = this.options.store.tabletInfo(request.tabletId);
    if (info.schemaHash !== request.schemaHash) {
      throw new HttpError(400, `tablet ${request.tabletId} has schema hash ${info.schemaHash}, not ${request.schemaHash}`);
    }
    if (request.toVersion > info.maxContinuousVersion) {
      throw new HttpError(400, `tablet ${request.tabletId} has versions up to ${info.maxContinuousVersion}, not ${request.toVersion}`, 'VersionsNotAvailable');
    }
    try {
      const snapshot = this.options.store.makeSnapshot(request.tabletId, {
        ...(request.fromVersion !== undefined ? { fromVersion: request.fromVersion } : {}),
        toVersion: request.toVersion,
      });
      return { snapshotPath: snapshot.dir };
    } catch (error) {
      if (error instanceof VersionsNotAvailable) throw new HttpError(409, error.message, 'VersionsNotAvailable');
      throw error;
    }
  }

  release(request: ReleaseSnapshotRequest): Promise<void> {
    return this.options.store.releaseSnapshot(this.snapshotDir(request.snapshotPath));
  }

  /** The snapshot directory a client-supplied path names, refusing anything outside the snapshot root. */
  private snapshotDir(path: string): string {
    const dir = resolve(path);
    if (dirname(dir) !== this.snapshotRoot) throw new HttpError(404, `no such snapshot: ${path}`);
    return dir;
  }

  /** The meta of a snapshot a client names; a directory that holds no snapshot is the client's mistake (404), not a server failure. */
  private snapshotMeta(dir: string, path: string): SnapshotMeta {
    try {
      return readSnapshotMeta(dir);
    } catch (error) {
      if (error instanceof StorageError) throw new HttpError(404, `no such snapshot: ${path}`);
      throw error;
    }
  }

  async download(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.checkToken(url.searchParams.get('token'));
    const file = url.searchParams.get('file') ?? '';
    // <snapshot dir>/<tabletId>/<schemaHash>/[name]
    const match = /^(.*)\/(\d+)\/(-?\d+)\/([^/]*)$/.exec(file);
    if (!match) throw new HttpError(400, `file must be <snapshot path>/<tablet id>/<schema hash>/[file name], got ${file}`);
    const dir = this.snapshotDir(match[1]!);
    const meta = this.snapshotMeta(dir, match[1]!);
    if (String(meta.tabletId) !== match[2] || String(meta.schemaHash) !== match[3]) throw new HttpError(404, `${file} does not name this snapshot's tablet`);
    const name = match[4]!;
    if (name === '') {
      const listing = readdirSync(dir)
        .map((entry) => `${entry}|${statSync(join(dir, entry)).size}`)
        .join('\n');
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(listing + '\n');
      return;
    }
    const path = resolve(dir, name);
    if (!path.startsWith(dir + sep) || basename(path) !== name) throw new HttpError(400, `bad file name ${name}`);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new HttpError(404, `no such file ${name} in the snapshot`);
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    const corrupt = name !== SNAPSHOT_META_FILE && this.options.faults.corruptDownloads > 0;
    if (corrupt) this.options.faults.corruptDownloads--;
    await sendFile(res, path, size, corrupt ? flipOneByte() : undefined);
  }
}

/** What a faulty network or disk would do to a file: one byte of its first piece flipped. */
function flipOneByte(): (piece: Buffer) => Buffer {
  let done = false;
  return (piece) => {
    if (done || piece.length === 0) return piece;
    done = true;
    const copy = Buffer.from(piece);
    copy[copy.length >> 1]! ^= 0xff;
    return copy;
  };
}
