// Configuration statements: ADMIN SHOW/SET FRONTEND|BACKEND CONFIG, and the information_schema
// UPDATE StarRocks uses to change a BE's configuration.
import type { AdminSetConfigStatement, AdminShowConfigStatement, UpdateBackendConfigStatement } from './ast.js';
import { describeToken, type Cursor } from './cursor.js';
import { compact, parseLiteralText, parsePropertyList, parseTableName } from './parse-common.js';

/** After ADMIN. */
export function parseAdmin(c: Cursor): AdminShowConfigStatement | AdminSetConfigStatement {
  const verb = c.current;
  if (c.isAnyWord(['SHOW', 'SET']) && c.isAnyWord(['FRONTEND', 'BACKEND'], 1) && c.isWord('CONFIG', 2)) {
    c.next();
    const target = c.expectOneOf(['FRONTEND', 'BACKEND'] as const);
    c.expectWords('CONFIG');
    if (verb.upper === 'SET') return { kind: 'admin_set_config', text: '', target, properties: parsePropertyList(c) };
    return compact<AdminShowConfigStatement>({
      kind: 'admin_show_config',
      text: '',
      target,
      like: c.acceptWords('LIKE') ? c.string('a pattern') : undefined,
    });
  }
  if (verb.kind === 'word') return c.unsupported(`ADMIN ${verb.upper}`);
  return c.fail(`expected SHOW or SET, found ${describeToken(verb)}`);
}

/** After UPDATE: only `information_schema.be_configs SET value = 'v' WHERE name = 'k' [AND be_id = n]`. */
export function parseUpdate(c: Cursor): UpdateBackendConfigStatement {
  const tableToken = c.current;
  const table = parseTableName(c);
  if (table.db?.toLowerCase() !== 'information_schema' || table.name.toLowerCase() !== 'be_configs') {
    c.unsupported('UPDATE', tableToken);
  }
  c.expectWords('SET');
  c.expectWords('VALUE');
  c.expectOp('=');
  const value = parseLiteralText(c, 'a configuration value');
  c.expectWords('WHERE');
  let name: string | undefined;
  let backendId: number | undefined;
  do {
    const field = c.expectOneOf(['NAME', 'BE_ID'] as const);
    const fieldToken = c.previous;
    c.expectOp('=');
    if (field === 'NAME') {
      if (name !== undefined) c.fail('NAME given twice', fieldToken);
      name = c.string('a configuration name in quotes');
    } else {
      if (backendId !== undefined) c.fail('BE_ID given twice', fieldToken);
      backendId = c.integer('a backend id');
    }
  } while (c.acceptWords('AND'));
  if (name === undefined) return c.fail('expected a condition on NAME');
  return compact<UpdateBackendConfigStatement>({ kind: 'update_be_config', text: '', name, value, backendId });
}
