// CREATE DATABASE and DROP DATABASE.
import type { CreateDatabaseStatement, DropDatabaseStatement } from '../../sql/ast.js';
import { findDatabase, type FeContext } from '../fe-context.js';
import { physicalPartitionsOf } from '../catalog/partitions.js';
import { SimError } from '../sim-error.js';
import { dropTablets } from './partition-factory.js';
import { volumeForDatabase } from '../storage-volume/storage-volumes.js';

// Any printable character, backquote included: names travel backquoted (with `` for a backquote)
// everywhere the engine echoes them, and StarRocks with unicode names accepts the same. Control
// characters are refused; they could not be typed back into a client.
const NAME = /^[^\u0000-\u001f]{1,256}$/u;

export async function createDatabase(ctx: FeContext, stmt: CreateDatabaseStatement): Promise<void> {
  await ctx.ddlLock.run(async () => {
    if (!NAME.test(stmt.name)) throw SimError.invalid(`Incorrect database name '${stmt.name}'`);
    if (findDatabase(ctx, stmt.name)) {
      if (stmt.ifNotExists) return;
      throw SimError.databaseExists(stmt.name);
    }
    // Shared data: the database is bound to a storage volume (its property, else the default) when created.
    const volume = ctx.runMode === 'shared_data' ? volumeForDatabase(ctx, stmt.properties.storage_volume) : undefined;
    const [id] = ctx.store.allocateIds(1);
    const db = { id: id!, name: stmt.name, tables: [], createTime: Date.now(), properties: { ...stmt.properties }, ...(volume ? { storageVolumeId: volume.id } : {}) };
    ctx.store.write({ op: 'createDb', db });
  });
}

export async function dropDatabase(ctx: FeContext, stmt: DropDatabaseStatement): Promise<void> {
  await ctx.ddlLock.run(async () => {
    const db = findDatabase(ctx, stmt.name);
    if (!db) {
      if (stmt.ifExists) return;
      throw new SimError(1008, 'HY000', `Can't drop database '${stmt.name}'; database doesn't exist`);
    }
    if (!stmt.force && ctx.txns.running(db.id).length > 0) {
      throw SimError.invalid(`There are still some transactions in the COMMITTED state waiting to be completed. The database [${db.name}] cannot be dropped. If you want to forcibly drop(cannot be recovered), please use "DROP DATABASE <database> FORCE".`);
    }
    ctx.store.write({ op: 'dropDb', dbId: db.id });
    await dropTablets(ctx, db.tables.flatMap((t) => (t.kind === 'OLAP' ? physicalPartitionsOf(t) : [])));
  });
}
