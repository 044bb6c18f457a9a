// The tablet replicas of one BE data directory: their schemas, versioned rowsets, pending loads,
// reads, compaction and snapshots. Metadata changes are synchronous (one atomic meta file write
// each), so they never interleave; only work on row data (writing, reading, merging, verifying)
// is asynchronous. See store-layout.ts for the files on disk.
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Value } from '../../common/column-types.js';
import { fsyncDir, TEMP_SUFFIX, writeJsonVisible } from './atomic-file.js';
import { writeMergedFile } from './compaction.js';
import { measureDiskUsage, type DiskUsage } from './disk-usage.js';
import type { RowsetFileInfo } from './rowset-format.js';
import { verifyRowsetFile } from './rowset-verify.js';
import { validateSchema, validateSchemaChange } from './schema-validation.js';
import { readSnapshotMeta, SNAPSHOT_META_FILE, type SnapshotInfo, type SnapshotMeta } from './snapshot-meta.js';
import { StorageError, TabletExists, TabletNotFound } from './storage-errors.js';
import { openLayout, storeLayout, tabletDir, type StoreLayout } from './store-layout.js';
import {
  makeRowsetMeta,
  referencedFiles,
  rowsetChecksum,
  saveTabletMeta,
  TABLET_META_FILE,
  type CreateTabletRequest,
  type PendingRowset,
  type RowsetMeta,
  type StorageColumn,
  type TabletMetaState,
  type TabletSchema,
} from './tablet-meta.js';
import { RowIterator } from './row-iterator.js';
import { openReaders, project, readRowsets } from './tablet-reader.js';
import { TabletWriter, type WriterOptions } from './tablet-writer.js';
import { compactionInputs, coveringChain, describe, isCovered, maxContinuousVersion, overlapsAny, sortRowsets, visibleChain } from './version-chain.js';

/** Defaults for every writer the store opens (run size, block size). */
export type TabletStoreOptions = WriterOptions;

export interface SnapshotRequest {
  /** Present for an incremental snapshot: exactly fromVersion..toVersion. */
  fromVersion?: number;
  toVersion: number;
}

export interface TabletInfo extends TabletSchema {
  maxContinuousVersion: number;
  /** The highest version held, continuous or not. */
  maxVersion: number;
  rowsetCount: number;
  pendingTxnIds: number[];
}

function newRowsetId(): string {
  return randomBytes(8).toString('hex');
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export class TabletStore {
  readonly layout: StoreLayout;
  private readonly tablets: Map<number, TabletMetaState>;
  /** Files a scan has planned to read but not opened yet: their removal waits. */
  private readonly pins = new Map<string, number>();
  private readonly removeWhenUnpinned = new Set<string>();
  /** Next segment number of each transaction's pending rowset ("tabletId:txnId"). */
  private readonly segments = new Map<string, number>();
  /** The rowset id each transaction's pending files are named after ("tabletId:txnId"). */
  private readonly pendingRowsetIds = new Map<string, string>();
  private readonly abortedTxns = new Set<string>();
  private readonly rowCountCache = new Map<string, number>();

  constructor(
    root: string,
    private readonly options: TabletStoreOptions = {},
  ) {
    this.layout = storeLayout(resolve(root));
    this.tablets = openLayout(this.layout);
  }

  /** Where snapshots are made; a snapshot path outside it is not this store's. */
  get snapshotRoot(): string {
    return this.layout.snapshot;
  }

  // ---- tablets and schemas ----

  createTablet(request: CreateTabletRequest): TabletInfo {
    this.createTablets([request]);
    return this.tabletInfo(request.tabletId);
  }

  /**
   * Creates several replicas with one sync of the data directory for all of them (a CREATE TABLE
   * of many partitions sends its tablets in one batch). Every request is checked before any is
   * written; each tablet's meta is still durable on its own before the batch returns.
   */
  createTablets(requests: readonly CreateTabletRequest[]): void {
    const ids = new Set<number>();
    for (const request of requests) {
      validateSchema(request);
      if (this.tablets.has(request.tabletId) || ids.has(request.tabletId)) throw new TabletExists(request.tabletId);
      const initialVersion = request.initialVersion ?? 1;
      if (!Number.isSafeInteger(initialVersion) || initialVersion < 0) throw new StorageError(`invalid initial version ${initialVersion}`);
      ids.add(request.tabletId);
    }
    const created: TabletMetaState[] = [];
    try {
      for (const request of requests) created.push(this.writeNewTablet(request));
    } finally {
      // Whatever was written is registered, so a failed batch leaves no unknown directory behind.
      if (created.length > 0) fsyncDir(this.layout.data);
      for (const meta of created) this.tablets.set(meta.tabletId, meta);
    }
  }

  /** The tablet's directory and meta file, durable except for its entry in the data directory. */
  private writeNewTablet(request: CreateTabletRequest): TabletMetaState {
    const initialVersion = request.initialVersion ?? 1;
    const dir = tabletDir(this.layout, request.tabletId);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const meta: TabletMetaState = {
      format: 1,
      tabletId: request.tabletId,
      schemaHash: request.schemaHash,
      keysType: request.keysType,
      columns: clone(request.columns),
      keyColumns: [...request.keyColumns],
      createdAt: Date.now(),
      // A new replica holds every version up to its initial one, all empty.
      rowsets: [makeRowsetMeta(newRowsetId(), 0, initialVersion, [])],
      pending: [],
    };
    saveTabletMeta(join(dir, TABLET_META_FILE), meta);
    return meta;
  }

  /** Removes the replica and its files. Reads already under way keep their open files. */
  dropTablet(tabletId: number): void {
    this.meta(tabletId);
    const trashed = join(this.layout.trash, `${tabletId}.${newRowsetId()}`);
    renameSync(tabletDir(this.layout, tabletId), trashed);
    fsyncDir(this.layout.data);
    this.tablets.delete(tabletId);
    for (const map of [this.segments, this.pendingRowsetIds]) {
      for (const key of [...map.keys()]) if (key.startsWith(`${tabletId}:`)) map.delete(key);
    }
    rmSync(trashed, { recursive: true, force: true });
  }

  /**
   * Takes in a tablet meta kept elsewhere (a shared-data tablet's in the object store) whose data
   * files are already in the tablet's directory: it replaces any meta held for the tablet, and
   * files the meta does not reference are removed.
   */
  adoptTablet(meta: TabletMetaState): void {
    const dir = tabletDir(this.layout, meta.tabletId);
    mkdirSync(dir, { recursive: true });
    saveTabletMeta(join(dir, TABLET_META_FILE), meta);
    this.tablets.set(meta.tabletId, clone(meta));
    const keep = referencedFiles(meta);
    for (const name of readdirSync(dir)) if (name !== TABLET_META_FILE && !keep.has(name)) unlinkQuietly(join(dir, name));
  }

  /** Drops the replica if held, without error when not (a cache discarding what it cannot trust). */
  forgetTablet(tabletId: number): void {
    if (this.tablets.has(tabletId)) this.dropTablet(tabletId);
  }

  /** The tablet's durable meta as it stands (a copy). */
  metaState(tabletId: number): TabletMetaState {
    return clone(this.meta(tabletId));
  }

  /** Where the tablet's files are. */
  tabletDirectory(tabletId: number): string {
    return tabletDir(this.layout, tabletId);
  }

  hasTablet(tabletId: number): boolean {
    return this.tablets.has(tabletId);
  }

  /** How many replicas the store holds (tabletIds() sorts them all). */
  get tabletCount(): number {
    return this.tablets.size;
  }

  tabletIds(): number[] {
    return [...this.tablets.keys()].sort((a, b) => a - b);
  }

  tabletInfo(tabletId: number): TabletInfo {
    const meta = this.meta(tabletId);
    return {
      tabletId: meta.tabletId,
      schemaHash: meta.schemaHash,
      keysType: meta.keysType,
      columns: clone(meta.columns),
      keyColumns: [...meta.keyColumns],
      maxContinuousVersion: maxContinuousVersion(meta.rowsets),
      maxVersion: meta.rowsets.at(-1)?.endVersion ?? 0,
      rowsetCount: meta.rowsets.length,
      pendingTxnIds: meta.pending.map((p) => p.txnId),
    };
  }

  /**
   * ADD/DROP COLUMN: the new column list (in its new order). Old rowsets are not rewritten;
   * reads map them by column name, and a dropped column is hidden in every existing rowset so
   * that a column later added under the same name starts from its default.
   */
  updateSchema(tabletId: number, columns: StorageColumn[], schemaHash?: number): void {
    const meta = this.meta(tabletId);
    const dropped = validateSchemaChange(meta, columns);
    const next: TabletMetaState = clone(meta);
    next.columns = clone(columns);
    if (schemaHash !== undefined) next.schemaHash = schemaHash;
    if (dropped.length > 0) {
      for (const holder of [...next.rowsets, ...next.pending]) {
        holder.hiddenColumns = [...new Set([...(holder.hiddenColumns ?? []), ...dropped])].sort();
      }
    }
    this.save(next);
  }

  // ---- loads ----

  /** A writer for the rows a transaction sends to this tablet; several may be open at once. */
  openPendingWriter(tabletId: number, txnId: number, options: WriterOptions = {}): TabletWriter {
    const meta = this.meta(tabletId);
    const key = `${tabletId}:${txnId}`;
    if (this.abortedTxns.has(key)) throw new StorageError(`transaction ${txnId} was aborted on tablet ${tabletId}`);
    const pending = meta.pending.find((p) => p.txnId === txnId);
    const rowsetId = pending?.rowsetId ?? this.pendingRowsetIds.get(key) ?? newRowsetId();
    this.pendingRowsetIds.set(key, rowsetId);
    const used = pending?.files.map((f) => Number(/_(\d+)\.dat$/.exec(f.name)?.[1] ?? -1)) ?? [];
    const segment = Math.max(this.segments.get(key) ?? 0, ...used.map((n) => n + 1));
    this.segments.set(key, segment + 1);
    const schema: TabletSchema = clone({
      tabletId,
      schemaHash: meta.schemaHash,
      keysType: meta.keysType,
      columns: meta.columns,
      keyColumns: meta.keyColumns,
    });
    return new TabletWriter(
      {
        schema,
        path: join(tabletDir(this.layout, tabletId), `${rowsetId}_${segment}.dat`),
        commit: (file, writtenColumns) => this.commitPendingFile(tabletId, txnId, rowsetId, file, writtenColumns),
      },
      { ...this.options, ...options },
    );
  }

  private commitPendingFile(tabletId: number, txnId: number, rowsetId: string, file: RowsetFileInfo | null, writtenColumns: string[]): void {
    const key = `${tabletId}:${txnId}`;
    if (this.abortedTxns.has(key)) throw new StorageError(`transaction ${txnId} was aborted on tablet ${tabletId}`);
    const next = clone(this.meta(tabletId));
    let pending = next.pending.find((p) => p.txnId === txnId);
    if (!pending) {
      pending = { txnId, rowsetId, files: [] };
      next.pending.push(pending);
    }
    if (file) pending.files.push(file);
    // Columns dropped while the load was writing must not reappear if added again later.
    const current = new Set(next.columns.map((c) => c.name));
    const dropped = writtenColumns.filter((name) => !current.has(name));
    if (dropped.length > 0) pending.hiddenColumns = [...new Set([...(pending.hiddenColumns ?? []), ...dropped])].sort();
    this.save(next);
  }

  /** Transaction ids with rows waiting for their publish. */
  pendingTxns(tabletId: number): number[] {
    return this.meta(tabletId).pending.map((p) => p.txnId);
  }

  /** Discards what a transaction wrote to this tablet. Idempotent; no error for an unknown tablet. */
  abortPending(tabletId: number, txnId: number): void {
    const key = `${tabletId}:${txnId}`;
    // Remembered so a writer still open for the transaction cannot add its file afterwards. The
    // set is bounded: such a writer outlives the abort by moments, not by 100 000 other aborts.
    if (this.abortedTxns.size >= 100_000) this.abortedTxns.clear();
    this.abortedTxns.add(key);
    this.segments.delete(key);
    this.pendingRowsetIds.delete(key);
    const meta = this.tablets.get(tabletId);
    const pending = meta?.pending.find((p) => p.txnId === txnId);
    if (!meta || !pending) return;
    const next = clone(meta);
    next.pending = next.pending.filter((p) => p.txnId !== txnId);
    this.save(next);
    this.removeFiles(tabletId, pending.files);
  }

  /**
   * Makes the transaction's rows version `version` of this replica: rowset [v, v]. Publishing a
   * version the replica already holds changes nothing (a retried publish); publishing for a
   * transaction that wrote nothing here gives an empty rowset (the partition's version advances
   * on every tablet). Versions may be published out of order; reads need them continuous.
   */
  publish(tabletId: number, txnId: number, version: number): RowsetMeta {
    if (!Number.isSafeInteger(version) || version < 1) throw new StorageError(`invalid version ${version}`);
    const meta = this.meta(tabletId);
    const existing = meta.rowsets.find((r) => r.startVersion <= version && version <= r.endVersion);
    if (existing) return clone(existing);
    const key = `${tabletId}:${txnId}`;
    const pending: PendingRowset | undefined = meta.pending.find((p) => p.txnId === txnId);
    const rowset = makeRowsetMeta(pending?.rowsetId ?? newRowsetId(), version, version, clone(pending?.files ?? []), pending?.hiddenColumns);
    const next = clone(meta);
    next.pending = next.pending.filter((p) => p.txnId !== txnId);
    next.rowsets = sortRowsets([...next.rowsets, rowset]);
    this.save(next);
    this.segments.delete(key);
    this.pendingRowsetIds.delete(key);
    return clone(rowset);
  }

  // ---- reads ----

  /** Rows visible at `visibleVersion`, as arrays in schema order (or in the order of `columns`). */
  scan(tabletId: number, visibleVersion: number, columns?: readonly string[]): AsyncIterableIterator<Value[]> {
    return new RowIterator(this.scanBatches(tabletId, visibleVersion, columns));
  }

  /**
   * The same rows in batches (cheaper per row). The versions read are fixed when this is called:
   * later publishes, compactions or drops do not change what the iteration returns.
   */
  scanBatches(tabletId: number, visibleVersion: number, columns?: readonly string[]): AsyncGenerator<Value[][]> {
    const meta = this.meta(tabletId);
    const chain = visibleChain(tabletId, meta.rowsets, visibleVersion);
    const schema = this.schemaOf(meta);
    const positions = columns ? columns.map((name) => this.columnPosition(meta, name)) : null;
    const dir = tabletDir(this.layout, tabletId);
    const paths = chain.flatMap((r) => r.files.map((f) => join(dir, f.name)));
    // Until the first next() opens them, the files stay even if compaction replaces them (a
    // read that is never started keeps them until the store next opens, which removes them).
    this.pin(paths);
    const store = this;
    return (async function* () {
      let readers: ReturnType<typeof openReaders>;
      try {
        readers = openReaders({ dir, schema, rowsets: chain });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        throw new StorageError(`tablet ${tabletId}: the files of version ${visibleVersion} are gone (the tablet was dropped)`);
      } finally {
        store.unpin(paths);
      }
      for await (const batch of readRowsets({ dir, schema, rowsets: chain }, readers)) yield project(batch.rows, positions);
    })();
  }

  rowsets(tabletId: number): RowsetMeta[] {
    return clone(this.meta(tabletId).rowsets);
  }

  maxContinuousVersion(tabletId: number): number {
    return maxContinuousVersion(this.meta(tabletId).rowsets);
  }

  /** Bytes of the data files a reader at `version` reads. */
  dataSize(tabletId: number, version: number): number {
    const meta = this.meta(tabletId);
    return visibleChain(tabletId, meta.rowsets, version).reduce((n, r) => n + r.dataBytes, 0);
  }

  /** Rows a reader at `version` sees (for keyed tables after merging versions and deletes). */
  async rowCount(tabletId: number, version: number): Promise<number> {
    const meta = this.meta(tabletId);
    const chain = visibleChain(tabletId, meta.rowsets, version);
    if (meta.keysType === 'DUP_KEYS') return chain.reduce((n, r) => n + r.rowCount, 0);
    const key = `${tabletId}:${chain.map((r) => r.rowsetId).join(',')}`;
    const cached = this.rowCountCache.get(key);
    if (cached !== undefined) return cached;
    let count = 0;
    for await (const batch of this.scanBatches(tabletId, version)) count += batch.length;
    if (this.rowCountCache.size > 10_000) this.rowCountCache.clear();
    this.rowCountCache.set(key, count);
    return count;
  }

  diskUsage(): DiskUsage {
    return measureDiskUsage(this.layout, this.tablets.size);
  }

  // ---- compaction ----

  /**
   * Merges the consecutive rowsets visible at `visibleVersion` (from the first one) into one
   * rowset [start, end]. Returns it, or null when there was nothing to merge or the tablet
   * changed underneath (another compaction, an ingest) before the switch.
   */
  async compact(tabletId: number, visibleVersion: number): Promise<RowsetMeta | null> {
    const meta = this.meta(tabletId);
    const inputs = clone(compactionInputs(meta.rowsets, visibleVersion));
    if (inputs.length < 2) return null;
    return this.merge(tabletId, inputs);
  }

  /**
   * A lake compaction's publish: the rowsets up to version - 1 are merged into one, and `version`
   * is an empty rowset after it, so the compaction's version adds no data while a read planned at
   * the version before still finds its chain (StarRocks keeps older metadata versions readable
   * until they are vacuumed). Done already when the tablet holds `version`; fails when it does not
   * end at version - 1, or when the tablet changed underneath (the publish is retried). A crash
   * between the merge and the new version leaves the merged tablet at version - 1: the retry only
   * adds the version.
   */
  async publishCompaction(tabletId: number, version: number): Promise<void> {
    const meta = this.meta(tabletId);
    const held = maxContinuousVersion(meta.rowsets);
    if (held >= version) return;
    if (meta.rowsets.at(-1)?.endVersion !== version - 1 || held !== version - 1) {
      throw new StorageError(`tablet ${tabletId}: a compaction publishing version ${version} needs the tablet to end at ${version - 1}; it holds ${describe(meta.rowsets)}`);
    }
    const inputs = clone(compactionInputs(meta.rowsets, version - 1));
    if (inputs.length >= 2 && !(await this.merge(tabletId, inputs))) {
      throw new StorageError(`tablet ${tabletId} changed while its compaction for version ${version} ran`);
    }
    const next = clone(this.meta(tabletId));
    next.rowsets.push(makeRowsetMeta(newRowsetId(), version, version, []));
    this.save(next);
  }

  /** Writes `inputs` (consecutive rowsets from the first) as one rowset and switches the tablet to it. */
  private async merge(tabletId: number, inputs: RowsetMeta[]): Promise<RowsetMeta | null> {
    const meta = this.meta(tabletId);
    const schema = this.schemaOf(meta);
    const dir = tabletDir(this.layout, tabletId);
    const rowsetId = newRowsetId();
    let file: RowsetFileInfo | null;
    try {
      file = await writeMergedFile({ dir, schema, rowsets: inputs }, join(dir, `${rowsetId}_0.dat`), this.options.blockBytes);
    } catch (error) {
      if (!this.tablets.has(tabletId)) return null; // dropped while merging: nothing to switch
      throw error;
    }

    const current = this.tablets.get(tabletId);
    const firstIndex = current?.rowsets.findIndex((r) => r.rowsetId === inputs[0]!.rowsetId) ?? -1;
    const stillThere = current !== undefined && firstIndex >= 0 && inputs.every((input, i) => current.rowsets[firstIndex + i]?.rowsetId === input.rowsetId);
    if (!stillThere) {
      if (file) rmSync(join(dir, file.name), { force: true });
      return null;
    }
    // Columns dropped while the merge ran are in the new file but must stay hidden.
    const hiddenBefore = new Set(inputs.flatMap((r) => r.hiddenColumns ?? []));
    const written = new Set(schema.columns.map((c) => c.name));
    const hiddenNow = current.rowsets.slice(firstIndex, firstIndex + inputs.length).flatMap((r) => r.hiddenColumns ?? []);
    const hidden = [...new Set(hiddenNow.filter((name) => !hiddenBefore.has(name) && written.has(name)))];
    const merged = makeRowsetMeta(rowsetId, inputs[0]!.startVersion, inputs.at(-1)!.endVersion, file ? [file] : [], hidden);
    const next = clone(current);
    next.rowsets.splice(firstIndex, inputs.length, merged);
    this.save(next);
    this.removeFiles(tabletId, inputs.flatMap((r) => r.files));
    return clone(merged);
  }

  // ---- snapshots ----

  /**
   * Hard links to the files of the rowsets holding exactly fromVersion..toVersion (incremental)
   * or every version up to toVersion (full), plus snapshot.json. Throws VersionsNotAvailable when
   * the replica cannot provide exactly that range (e.g. compaction merged fromVersion with
   * earlier versions).
   */
  makeSnapshot(tabletId: number, request: SnapshotRequest): SnapshotInfo {
    const meta = this.meta(tabletId);
    const incremental = request.fromVersion !== undefined;
    const chain = incremental
      ? coveringChain(tabletId, meta.rowsets, request.fromVersion!, request.toVersion)
      : visibleChain(tabletId, meta.rowsets, request.toVersion);
    const dir = join(this.layout.snapshot, `${Date.now()}.${tabletId}.${newRowsetId()}`);
    mkdirSync(dir);
    const source = tabletDir(this.layout, tabletId);
    for (const rowset of chain) for (const file of rowset.files) linkSync(join(source, file.name), join(dir, file.name));
    const snapshot: SnapshotMeta = {
      format: 1,
      ...this.schemaOf(meta),
      incremental,
      fromVersion: chain[0]!.startVersion,
      toVersion: request.toVersion,
      rowsets: clone(chain),
      createdAt: Date.now(),
    };
    // Not fsynced: the linked files are durable already, and a snapshot lost in a crash only fails
    // the replication that asked for it (its job aborts and is started again).
    writeJsonVisible(join(dir, SNAPSHOT_META_FILE), snapshot);
    return { dir, meta: snapshot };
  }

  /**
   * Removes a snapshot made by this store. A wrong path throws at once; the removal runs on the
   * thread pool, so the event loop keeps serving downloads while a snapshot's links are unlinked.
   */
  releaseSnapshot(dir: string): Promise<void> {
    const path = resolve(dir);
    if (dirname(path) !== this.layout.snapshot) throw new StorageError(`${dir} is not a snapshot of this store`);
    return rm(path, { recursive: true, force: true });
  }

  /**
   * Takes in the rowsets of a snapshot directory (made here or elsewhere and downloaded). Every
   * file is first checked against the size and checksum recorded for it. Incremental: adds the
   * rowsets whose versions the replica does not hold yet (already held ones are skipped, so a
   * retry is harmless). Full: the snapshot's rowsets replace every rowset up to its last version.
   * Returns the rowsets added.
   */
  async ingestSnapshot(
    tabletId: number,
    dir: string,
    options: {
      incremental: boolean;
      /** Every file was already checked (as it arrived). */
      verified?: boolean;
      /** The id each added rowset takes (fresh random ids by default). */
      rowsetIdFor?: (rowset: RowsetMeta) => string;
      /** Added to the snapshot's versions: how far this tablet's numbering is ahead of the source's. */
      versionShift?: number;
    },
  ): Promise<RowsetMeta[]> {
    const snapshot = shiftVersions(readSnapshotMeta(dir), options.versionShift ?? 0);
    const target = this.meta(tabletId);
    if (snapshot.keysType !== target.keysType || snapshot.keyColumns.join(',') !== target.keyColumns.join(',')) {
      throw new StorageError(`tablet ${tabletId}: snapshot of a ${snapshot.keysType}(${snapshot.keyColumns.join(', ')}) tablet cannot be ingested into ${target.keysType}(${target.keyColumns.join(', ')})`);
    }
    for (const rowset of snapshot.rowsets) {
      if (rowset.checksum !== rowsetChecksum(rowset.files)) throw new StorageError(`${dir}: rowset ${rowset.rowsetId} checksum does not match its files`);
      if (!options.verified) for (const file of rowset.files) await verifyRowsetFile(join(dir, file.name), file);
    }

    // From here on everything is synchronous: the decision and the switch see the same meta.
    const meta = this.meta(tabletId);
    let keep: RowsetMeta[];
    let add: RowsetMeta[];
    if (options.incremental) {
      add = snapshot.rowsets.filter((r) => !isCovered(meta.rowsets, r.startVersion, r.endVersion));
      for (const r of add) {
        if (overlapsAny(meta.rowsets, r.startVersion, r.endVersion)) {
          throw new StorageError(`tablet ${tabletId}: snapshot rowset [${r.startVersion}-${r.endVersion}] overlaps versions the replica holds in other rowsets`);
        }
      }
      keep = meta.rowsets;
    } else {
      const last = snapshot.rowsets.at(-1)?.endVersion ?? snapshot.toVersion;
      const straddling = meta.rowsets.find((r) => r.startVersion <= last && r.endVersion > last);
      if (straddling) {
        throw new StorageError(`tablet ${tabletId}: rowset [${straddling.startVersion}-${straddling.endVersion}] straddles the snapshot's last version ${last}`);
      }
      keep = meta.rowsets.filter((r) => r.startVersion > last);
      add = snapshot.rowsets;
    }
    if (add.length === 0 && keep === meta.rowsets) return [];

    const tdir = tabletDir(this.layout, tabletId);
    const added = add.map((r) => {
      const rowsetId = options.rowsetIdFor?.(r) ?? newRowsetId();
      const files = r.files.map((f, i) => {
        const name = `${rowsetId}_${i}.dat`;
        // A chosen id may name a file a failed earlier attempt left behind: that copy is replaced.
        if (options.rowsetIdFor) unlinkQuietly(join(tdir, name));
        linkOrCopy(join(dir, f.name), join(tdir, name));
        return { ...f, name };
      });
      return makeRowsetMeta(rowsetId, r.startVersion, r.endVersion, files, r.hiddenColumns);
    });
    fsyncDir(tdir);
    const removed = meta.rowsets.filter((r) => !keep.includes(r));
    const next = clone(meta);
    next.rowsets = sortRowsets([...clone(keep), ...added]);
    this.save(next);
    this.removeFiles(tabletId, removed.flatMap((r) => r.files));
    return clone(added);
  }

  // ---- internals ----

  private meta(tabletId: number): TabletMetaState {
    const meta = this.tablets.get(tabletId);
    if (!meta) throw new TabletNotFound(tabletId);
    return meta;
  }

  private schemaOf(meta: TabletMetaState): TabletSchema {
    return clone({ tabletId: meta.tabletId, schemaHash: meta.schemaHash, keysType: meta.keysType, columns: meta.columns, keyColumns: meta.keyColumns });
  }

  private columnPosition(meta: TabletMetaState, name: string): number {
    const i = meta.columns.findIndex((c) => c.name === name);
    if (i < 0) throw new StorageError(`tablet ${meta.tabletId} has no column ${name}`);
    return i;
  }

  /** Writes the new meta durably, then makes it the current one. */
  private save(next: TabletMetaState): void {
    saveTabletMeta(join(tabletDir(this.layout, next.tabletId), TABLET_META_FILE), next);
    this.tablets.set(next.tabletId, next);
  }

  private pin(paths: readonly string[]): void {
    for (const p of paths) this.pins.set(p, (this.pins.get(p) ?? 0) + 1);
  }

  private unpin(paths: readonly string[]): void {
    for (const p of paths) {
      const n = (this.pins.get(p) ?? 1) - 1;
      if (n > 0) {
        this.pins.set(p, n);
        continue;
      }
      this.pins.delete(p);
      if (this.removeWhenUnpinned.delete(p)) unlinkQuietly(p);
    }
  }

  /** Unlinks files no meta references any more (later, if a planned read still needs them). */
  private removeFiles(tabletId: number, files: readonly RowsetFileInfo[]): void {
    const dir = tabletDir(this.layout, tabletId);
    for (const f of files) {
      const path = join(dir, f.name);
      if (this.pins.has(path)) this.removeWhenUnpinned.add(path);
      else unlinkQuietly(path);
    }
  }
}

/** The snapshot with its versions moved by `shift` (the same snapshot when 0). */
function shiftVersions(snapshot: SnapshotMeta, shift: number): SnapshotMeta {
  if (shift === 0) return snapshot;
  if (shift < 0) throw new StorageError(`a snapshot's versions cannot be numbered back by ${-shift}`);
  return {
    ...snapshot,
    fromVersion: snapshot.fromVersion + shift,
    toVersion: snapshot.toVersion + shift,
    rowsets: snapshot.rowsets.map((r) => ({ ...r, startVersion: r.startVersion + shift, endVersion: r.endVersion + shift })),
  };
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone (e.g. the tablet was dropped); anything left is removed when the store opens.
  }
}

/** Hard link when on the same file system (no data copied), else a durable copy. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const temp = `${to}${TEMP_SUFFIX}`;
    copyFileSync(from, temp);
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, to);
  }
}
