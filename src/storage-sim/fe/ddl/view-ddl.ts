// Views and materialized views. Both are kept as their definitions (the text written after the
// name), which is what SHOW CREATE echoes and what the migration tool copies; a materialized
// view's data is never computed here (the migration tool does not sync it either).
import type { AlterViewStatement, CreateMaterializedViewStatement, CreateViewStatement } from '../../sql/ast.js';
import { findTable, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { databaseOf } from './table-ddl.js';

/** The tables a query reads from, as far as the parsed SELECT subset shows them (for dependency checks). */
function checkBaseTable(ctx: FeContext, stmt: CreateViewStatement | AlterViewStatement | CreateMaterializedViewStatement, sessionDb: string | undefined): void {
  const from = stmt.query?.from;
  if (!from) return;
  const db = databaseOf(ctx, { name: from.table.name, ...(from.table.db ? { db: from.table.db } : {}) }, stmt.view.db ?? sessionDb);
  if (db.name !== 'information_schema' && !findTable(db, from.table.name)) throw SimError.unknownTable(db.name, from.table.name);
}

export async function createView(ctx: FeContext, stmt: CreateViewStatement | AlterViewStatement, sessionDb: string | undefined): Promise<void> {
  await ctx.ddlLock.run(async () => {
    const db = databaseOf(ctx, stmt.view, sessionDb);
    const existing = findTable(db, stmt.view.name);
    const replace = stmt.kind === 'alter_view' || stmt.orReplace;
    if (existing && !(replace && existing.kind === 'VIEW')) {
      if (stmt.kind === 'create_view' && stmt.ifNotExists) return;
      throw SimError.tableExists(stmt.view.name);
    }
    if (!existing && stmt.kind === 'alter_view') throw SimError.unknownTable(db.name, stmt.view.name);
    checkBaseTable(ctx, stmt, sessionDb);
    const id = existing?.id ?? ctx.store.allocateIds(1)[0]!;
    ctx.store.write({
      op: 'putTable',
      dbId: db.id,
      table: {
        kind: 'VIEW',
        id,
        name: stmt.view.name,
        ...(stmt.columnsText ? { columnsText: stmt.columnsText } : {}),
        ...(stmt.comment !== undefined ? { comment: stmt.comment } : {}),
        queryText: stmt.queryText,
        createTime: Date.now(),
      },
    });
  });
}

export async function createMaterializedView(ctx: FeContext, stmt: CreateMaterializedViewStatement, sessionDb: string | undefined): Promise<void> {
  await ctx.ddlLock.run(async () => {
    const db = databaseOf(ctx, stmt.view, sessionDb);
    if (findTable(db, stmt.view.name)) {
      if (stmt.ifNotExists) return;
      throw SimError.tableExists(stmt.view.name);
    }
    checkBaseTable(ctx, stmt, sessionDb);
    const [id] = ctx.store.allocateIds(1);
    ctx.store.write({
      op: 'putTable',
      dbId: db.id,
      table: { kind: 'MATERIALIZED_VIEW', id: id!, name: stmt.view.name, clausesText: stmt.clausesText, queryText: stmt.queryText, createTime: Date.now() },
    });
  });
}
