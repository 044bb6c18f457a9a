// CREATE / DROP / SHOW REPOSITORIES. A repository is a location in an object store plus how to
// reach it; creating one checks the store answers and writes (or, when another cluster created the
// same repository first, reads) its __repo_info. Dropping one forgets it and leaves every object in
// the store, as StarRocks does: snapshots are deleted in the store by hand.
import type { CreateRepositoryStatement } from '../../sql/ast.js';
import { ObjectStore } from '../../common/object-store/object-store.js';
import { repositoryInfoKey } from '../../common/object-store/repository-layout.js';
import type { S3Connection } from '../../common/object-store/s3-connection.js';
import type { RepositoryMeta } from '../catalog/backup-model.js';
import type { FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import type { Cell } from '../show/show-result.js';
import { parseRepositoryLocation } from './repository-location.js';
import { s3ConnectionOf } from './repository-properties.js';
import { SecretSeal } from './repository-secrets.js';
import type { ObjectStoreEndpoints } from './object-store-endpoints.js';
import { showTime } from './job-status.js';

export const REPOSITORY_COLUMNS = ['RepoId', 'RepoName', 'CreateTime', 'IsReadOnly', 'Location', 'Broker', 'ErrMsg'];

/** StarRocks pings every repository this often and shows the last failure in SHOW REPOSITORIES. */
const PING_INTERVAL_MS = 10 * 60_000;

export class Repositories {
  private readonly seal: SecretSeal;
  private readonly stores = new Map<number, ObjectStore>();
  private readonly errors = new Map<number, string>();
  private lastPing = Date.now();

  constructor(
    private readonly ctx: FeContext,
    private readonly endpoints: ObjectStoreEndpoints = {},
  ) {
    this.seal = new SecretSeal(ctx.store.identity.token);
  }

  list(): RepositoryMeta[] {
    return this.ctx.store.state.repositories;
  }

  require(name: string): RepositoryMeta {
    const repo = this.list().find((r) => r.name === name);
    if (!repo) throw SimError.common(`Repository ${name} does not exist`);
    return repo;
  }

  byId(id: number): RepositoryMeta | undefined {
    return this.list().find((r) => r.id === id);
  }

  connection(repo: RepositoryMeta): S3Connection {
    return s3ConnectionOf(this.seal.unsealProperties(repo.properties), parseRepositoryLocation(repo.location), this.endpoints);
  }

  store(repo: RepositoryMeta): ObjectStore {
    let store = this.stores.get(repo.id);
    if (!store) {
      store = new ObjectStore(this.connection(repo));
      this.stores.set(repo.id, store);
    }
    return store;
  }

  async create(stmt: CreateRepositoryStatement): Promise<void> {
    if (stmt.broker !== undefined) throw SimError.common(`broker does not exist: ${stmt.broker} (this engine has no brokers: write WITH BROKER alone, the BEs reach the store themselves)`);
    const location = parseRepositoryLocation(stmt.location);
    const connection = s3ConnectionOf(stmt.properties, location, this.endpoints);
    const exists = () => this.list().some((r) => r.name === stmt.name);
    if (exists()) throw SimError.common(`Failed to create repository: repository with same name already exist: ${stmt.name}`);
    const store = new ObjectStore(connection);
    let createTime = Date.now();
    try {
      await store.ping();
      const infoKey = repositoryInfoKey(stmt.name);
      const found = (await store.list(infoKey)).objects.find((o) => o.key === infoKey);
      if (found) {
        // The repository was created before (by this cluster or another): it keeps its creation time.
        const info = JSON.parse((await store.getText(infoKey)).text) as { name?: string; create_time?: string };
        const parsed = info.create_time ? Date.parse(info.create_time.replace(' ', 'T')) : NaN;
        if (Number.isFinite(parsed)) createTime = parsed;
      } else if (!stmt.readOnly) {
        await store.putText(infoKey, JSON.stringify({ name: stmt.name, create_time: showTime(createTime) }));
      }
    } catch (error) {
      store.destroy();
      if (error instanceof SimError) throw error;
      throw SimError.common(`Failed to create repository: ${(error as Error).message}`);
    }
    if (exists()) {
      store.destroy();
      throw SimError.common(`Failed to create repository: repository with same name already exist: ${stmt.name}`);
    }
    const [id] = this.ctx.store.allocateIds(1);
    const repo: RepositoryMeta = {
      id: id!,
      name: stmt.name,
      readOnly: stmt.readOnly,
      location: stmt.location,
      broker: '',
      properties: this.seal.sealProperties(stmt.properties),
      createTime,
    };
    this.ctx.store.write({ op: 'putRepository', repository: repo });
    this.stores.set(repo.id, store);
  }

  /** Forgets the repository; `inUse` says whether a running job still needs it. */
  drop(name: string, inUse: (repo: RepositoryMeta) => boolean): void {
    const repo = this.list().find((r) => r.name === name);
    if (!repo) throw SimError.common('Repository does not exist');
    if (inUse(repo)) throw SimError.common('Backup or restore job is running on this repository. Can not drop it');
    this.ctx.store.write({ op: 'dropRepository', repositoryId: repo.id });
    this.stores.get(repo.id)?.destroy();
    this.stores.delete(repo.id);
    this.errors.delete(repo.id);
  }

  rows(): Cell[][] {
    return this.list().map((r) => [r.id, r.name, showTime(r.createTime), r.readOnly, r.location, r.broker, this.errors.get(r.id) ?? null]);
  }

  /** Every PING_INTERVAL_MS: each repository's reachability, for ErrMsg. */
  async pingAll(): Promise<void> {
    if (Date.now() - this.lastPing < PING_INTERVAL_MS) return;
    this.lastPing = Date.now();
    await Promise.all(
      this.list().map(async (repo) => {
        try {
          await this.store(repo).ping();
          this.errors.delete(repo.id);
        } catch (error) {
          this.errors.set(repo.id, `${showTime(Date.now())}: ${(error as Error).message}`);
        }
      }),
    );
  }

  close(): void {
    for (const store of this.stores.values()) store.destroy();
    this.stores.clear();
  }
}
