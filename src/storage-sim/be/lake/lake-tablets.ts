// A compute node's shared-data tablets. Their durable home is the object store of their storage
// volume: data files, plus one metadata object per change (lake-keys.ts). The node's tablet store
// is only a cache of them: a change is made in the cache, then written to the object store, and
// counts (is answered as done) only once its metadata object is there. When that write fails, the
// cached copy of the tablet is discarded, so nothing the object store does not hold can be read or
// published; the next access fetches the tablet again. A cache that was wiped, or that a restart
// may have left ahead of the object store, is refilled the same way: the first access to each
// tablet after the node starts reads its newest metadata object and fetches the files missing.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateTabletSpec, LakeTabletLocation, LakeVolume } from '../../common/be-api.js';
import { ObjectStore } from '../../common/object-store/object-store.js';
import { ObjectStoreError } from '../../common/object-store/object-store-error.js';
import { KeyedMutex } from '../../util/mutex.js';
import type { BeConfig } from '../be-config.js';
import { readSnapshotMeta, StorageError, type RowsetMeta, type TabletStore } from '../storage/index.js';
import type { TabletMetaState } from '../storage/tablet-meta.js';
import { dataKey, metaKey, metaPrefix, replicatedRowsetId, sequenceOf } from './lake-keys.js';
import { ShardMap } from './shard-map.js';

export interface LakeTabletsOptions {
  store: TabletStore;
  /** Where the shard map is kept (outside the cache). */
  dir: string;
  config: BeConfig;
  /** Fault injection for the engine's own tests: the next N object-store writes fail. */
  faults: { failObjectStoreWrites: number };
}

/** What the cache holds of a tablet that matches the object store. */
interface CachedTablet {
  /** The sequence of the newest metadata object. */
  sequence: number;
  /** Data files already in the object store (referenced by that metadata). */
  uploaded: Set<string>;
}

/** A failed object-store write of a shared-data tablet: the change it carried did not happen. */
export class LakeWriteError extends StorageError {
  constructor(message: string) {
    super(message);
    this.name = 'LakeWriteError';
  }
}

function filesOf(meta: TabletMetaState): { name: string; size: number }[] {
  return [...meta.rowsets, ...meta.pending].flatMap((r) => r.files.map((f) => ({ name: f.name, size: f.size })));
}

export class LakeTablets {
  private readonly shards: ShardMap;
  private readonly stores = new Map<string, { json: string; store: ObjectStore }>();
  private readonly cached = new Map<number, CachedTablet>();
  /** Files uploaded while a replication was staged, by transaction: referenced once it publishes. */
  private readonly staged = new Map<number, { tabletId: number; name: string }[]>();
  private readonly lock = new KeyedMutex<number>();

  constructor(private readonly options: LakeTabletsOptions) {
    this.shards = new ShardMap(join(options.dir, 'shards.json'));
  }

  /** The FE's storage volumes (each heartbeat and tablet creation carries them). */
  learnVolumes(volumes: readonly LakeVolume[] | undefined): void {
    for (const volume of volumes ?? []) {
      const json = JSON.stringify(volume.connection);
      if (this.stores.get(volume.id)?.json === json) continue;
      this.stores.get(volume.id)?.store.destroy();
      this.stores.set(volume.id, { json, store: new ObjectStore(volume.connection) });
    }
  }

  isLake(tabletId: number): boolean {
    return this.shards.has(tabletId);
  }

  /** Creates shared-data tablets: in the cache, then their first metadata object in the volume. */
  async create(specs: readonly (CreateTabletSpec & { lake: LakeTabletLocation })[], createInCache: () => void): Promise<void> {
    for (const spec of specs) this.objectStoreOf(spec.lake); // an unknown volume changes nothing
    this.shards.add(specs.map((s) => ({ tabletId: s.tabletId, location: s.lake })));
    createInCache();
    for (const spec of specs) this.cached.set(spec.tabletId, { sequence: 0, uploaded: new Set() });
    try {
      await Promise.all(specs.map((s) => this.persist(s.tabletId)));
    } catch (error) {
      for (const spec of specs) this.evict(spec.tabletId);
      this.shards.remove(specs.map((s) => s.tabletId));
      throw error;
    }
  }

  /** Makes sure the cache holds these tablets as the object store has them (shared-nothing ids are ignored). */
  async ensureCached(tabletIds: readonly number[]): Promise<void> {
    await Promise.all(tabletIds.filter((id) => this.shards.has(id) && !this.cached.has(id)).map((id) => this.lock.run(id, () => this.fill(id))));
  }

  /**
   * Writes the tablet's current cached state to the object store: its new data files, then its
   * next metadata object. On failure the cached copy is discarded and the error thrown.
   */
  persist(tabletId: number): Promise<void> {
    return this.lock.run(tabletId, async () => {
      const location = this.locationOf(tabletId);
      const cached = this.cached.get(tabletId);
      if (!cached || !this.options.store.hasTablet(tabletId)) {
        throw new LakeWriteError(`tablet ${tabletId}: its cached copy was discarded after a failed object-store write; the change was not made`);
      }
      const store = this.objectStoreOf(location);
      const meta = this.options.store.metaState(tabletId);
      const files = filesOf(meta);
      const dir = this.options.store.tabletDirectory(tabletId);
      try {
        for (const file of files) {
          if (cached.uploaded.has(file.name)) continue;
          this.injectedFailure(dataKey(location.path, file.name));
          await store.putFile(dataKey(location.path, file.name), join(dir, file.name), file.size, this.putOptions());
          cached.uploaded.add(file.name);
        }
        const sequence = cached.sequence + 1;
        this.injectedFailure(metaKey(location.path, tabletId, sequence));
        await store.putText(metaKey(location.path, tabletId, sequence), JSON.stringify(meta));
        const previous = cached.sequence;
        cached.sequence = sequence;
        void this.tidy(tabletId, location, store, previous, new Set(files.map((f) => f.name)), cached).catch(() => undefined);
      } catch (error) {
        this.evict(tabletId);
        throw new LakeWriteError(`tablet ${tabletId}: writing to the object store failed, the change was not made: ${(error as Error).message}`);
      }
    });
  }

  /**
   * A replication's snapshot, downloaded into staging: its rowset files go to the object store now,
   * under the names the publish will give them, so a failed write fails the task (and the job)
   * before anything is committed.
   */
  async stageSnapshot(txnId: number, tabletId: number, staging: string): Promise<void> {
    const location = this.locationOf(tabletId);
    const store = this.objectStoreOf(location);
    const snapshot = readSnapshotMeta(staging);
    for (const rowset of snapshot.rowsets) {
      for (const [i, file] of rowset.files.entries()) {
        const name = `${replicatedRowsetId(txnId, rowset.rowsetId)}_${i}.dat`;
        this.injectedFailure(dataKey(location.path, name));
        await store.putFile(dataKey(location.path, name), join(staging, file.name), file.size, this.putOptions());
        this.staged.set(txnId, [...(this.staged.get(txnId) ?? []), { tabletId, name }]);
      }
    }
  }

  /** The rowset ids a replicated rowset takes: the names its files were staged under. */
  rowsetIdFor(txnId: number): (rowset: RowsetMeta) => string {
    return (rowset) => replicatedRowsetId(txnId, rowset.rowsetId);
  }

  /** After a replication's publish was persisted: its staged files are referenced now (or never will be). */
  async publishedReplication(txnId: number, tabletId: number): Promise<void> {
    const cached = this.cached.get(tabletId);
    const mine = (this.staged.get(txnId) ?? []).filter((s) => s.tabletId === tabletId);
    const rest = (this.staged.get(txnId) ?? []).filter((s) => s.tabletId !== tabletId);
    if (rest.length > 0) this.staged.set(txnId, rest);
    else this.staged.delete(txnId);
    const unused = mine.filter((s) => !cached?.uploaded.has(s.name));
    await this.deleteData(tabletId, unused.map((s) => s.name));
  }

  /** An aborted replication: what it staged in the object store is removed (best effort). */
  async discardStaged(txnId: number): Promise<void> {
    const staged = this.staged.get(txnId) ?? [];
    this.staged.delete(txnId);
    for (const { tabletId, name } of staged) await this.deleteData(tabletId, [name]);
  }

  /** Dropped tablets: their objects are removed (best effort) and they leave the cache and the shard map. */
  async drop(tabletIds: readonly number[], dropFromCache: (tabletId: number) => void): Promise<void> {
    const lake = tabletIds.filter((id) => this.shards.has(id));
    for (const id of lake) {
      await this.lock.run(id, async () => {
        const location = this.locationOf(id);
        const store = this.stores.get(location.volumeId)?.store;
        if (store) {
          const metas = await store.list(metaPrefix(location.path, id)).catch(() => ({ objects: [] as { key: string }[] }));
          const newest = metas.objects.at(-1);
          const files = newest ? filesOf(JSON.parse((await store.getText(newest.key).catch(() => ({ text: '{"rowsets":[],"pending":[]}' }))).text) as TabletMetaState) : [];
          for (const key of [...files.map((f) => dataKey(location.path, f.name)), ...metas.objects.map((o) => o.key)]) await store.delete(key).catch(() => undefined);
        }
        this.cached.delete(id);
        dropFromCache(id);
      });
    }
    this.shards.remove(lake);
  }

  // ---- internals ----

  private locationOf(tabletId: number): LakeTabletLocation {
    const location = this.shards.get(tabletId);
    if (!location) throw new StorageError(`tablet ${tabletId} is not a shared-data tablet of this compute node`);
    return location;
  }

  private objectStoreOf(location: LakeTabletLocation): ObjectStore {
    const known = this.stores.get(location.volumeId);
    if (!known) throw new StorageError(`storage volume ${location.volumeId} is not known to this compute node yet (it learns volumes from the FE)`);
    return known.store;
  }

  private putOptions(): { singlePartMaxBytes: number; partBytes: number } {
    const size = (key: string) => Number(this.options.config.get(key)) || 16 * 2 ** 20;
    return { singlePartMaxBytes: size('experimental_s3_max_single_part_size'), partBytes: size('experimental_s3_min_upload_part_size') };
  }

  private injectedFailure(key: string): void {
    if (this.options.faults.failObjectStoreWrites <= 0) return;
    this.options.faults.failObjectStoreWrites--;
    throw new ObjectStoreError(`uploading ${key}: injected object store failure`, 'COMMON_ERROR');
  }

  private evict(tabletId: number): void {
    this.cached.delete(tabletId);
    this.options.store.forgetTablet(tabletId);
  }

  /** Reads the tablet's newest metadata object and fetches the data files the cache lacks. */
  private async fill(tabletId: number): Promise<void> {
    if (this.cached.has(tabletId)) return;
    const location = this.locationOf(tabletId);
    const store = this.objectStoreOf(location);
    const listed = await store.list(metaPrefix(location.path, tabletId));
    let newest: { key: string; sequence: number } | undefined;
    for (const { key } of listed.objects) {
      const sequence = sequenceOf(key, location.path, tabletId);
      if (sequence !== undefined && (!newest || sequence > newest.sequence)) newest = { key, sequence };
    }
    if (!newest) throw new StorageError(`tablet ${tabletId}: no metadata in the object store under ${metaPrefix(location.path, tabletId)}`);
    const meta = JSON.parse((await store.getText(newest.key)).text) as TabletMetaState;
    const dir = this.options.store.tabletDirectory(tabletId);
    mkdirSync(dir, { recursive: true });
    for (const file of filesOf(meta)) {
      const path = join(dir, file.name);
      if (existsSync(path) && statSync(path).size === file.size) continue;
      const temp = `${path}.part`;
      try {
        const got = await store.getToFile(dataKey(location.path, file.name), temp);
        if (got.size !== file.size) throw new StorageError(`tablet ${tabletId}: object ${dataKey(location.path, file.name)} has ${got.size} bytes, its metadata says ${file.size}`);
        renameSync(temp, path);
      } finally {
        rmSync(temp, { force: true });
      }
    }
    this.options.store.adoptTablet(meta);
    this.cached.set(tabletId, { sequence: newest.sequence, uploaded: new Set(filesOf(meta).map((f) => f.name)) });
  }

  /** Removes what the newest metadata made obsolete: older metadata objects, data files no longer referenced. */
  private async tidy(tabletId: number, location: LakeTabletLocation, store: ObjectStore, previous: number, referenced: Set<string>, cached: CachedTablet): Promise<void> {
    const stagedNames = new Set([...this.staged.values()].flat().filter((s) => s.tabletId === tabletId).map((s) => s.name));
    const obsolete = [...cached.uploaded].filter((name) => !referenced.has(name) && !stagedNames.has(name));
    for (const name of obsolete) cached.uploaded.delete(name);
    if (previous > 0) await store.delete(metaKey(location.path, tabletId, previous));
    for (const name of obsolete) await store.delete(dataKey(location.path, name));
  }

  private async deleteData(tabletId: number, names: readonly string[]): Promise<void> {
    const location = this.shards.get(tabletId);
    const store = location && this.stores.get(location.volumeId)?.store;
    if (!location || !store) return;
    for (const name of names) await store.delete(dataKey(location.path, name)).catch(() => undefined);
  }
}
