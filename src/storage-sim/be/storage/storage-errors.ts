// Typed errors of the tablet store, so callers (the BE's RPC handlers, the replication code) can
// tell "you asked for versions I no longer have" from a damaged file or a missing tablet.

export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageError';
  }
}

export class TabletNotFound extends StorageError {
  constructor(readonly tabletId: number) {
    super(`tablet ${tabletId} does not exist on this backend`);
    this.name = 'TabletNotFound';
  }
}

export class TabletExists extends StorageError {
  constructor(readonly tabletId: number) {
    super(`tablet ${tabletId} already exists on this backend`);
    this.name = 'TabletExists';
  }
}

/**
 * The replica cannot serve exactly the versions asked for: some are not published yet, or they
 * were merged by compaction into a rowset that starts earlier (an incremental copy is then
 * impossible and the caller must fall back to a full one).
 */
export class VersionsNotAvailable extends StorageError {
  constructor(
    readonly tabletId: number,
    readonly fromVersion: number,
    readonly toVersion: number,
    detail: string,
  ) {
    super(`tablet ${tabletId}: versions ${fromVersion}..${toVersion} are not available: ${detail}`);
    this.name = 'VersionsNotAvailable';
  }
}

/** A rowset file that is truncated, altered or not a rowset file at all. */
export class CorruptRowsetFile extends StorageError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`rowset file ${path} is damaged: ${detail}`);
    this.name = 'CorruptRowsetFile';
  }
}
