// The storage volume statements (StarRocks' grammar: createStorageVolumeStatement and its
// siblings in sql/parser/StarRocks.g4). A volume's name is an identifier or a quoted string.
import type {
  AlterStorageVolumeStatement,
  CreateStorageVolumeStatement,
  DescStorageVolumeStatement,
  DropStorageVolumeStatement,
  Properties,
  SetDefaultStorageVolumeStatement,
  ShowStorageVolumesStatement,
} from './ast.js';
import type { Cursor } from './cursor.js';
import { compact, parseIfExists, parseIfNotExists, parseOptionalProperties, parsePropertyList } from './parse-common.js';

function volumeName(c: Cursor): string {
  return c.current.kind === 'string' ? c.next().value : c.identifier('a storage volume name');
}

/** After CREATE STORAGE VOLUME. */
export function parseCreateStorageVolume(c: Cursor): CreateStorageVolumeStatement {
  const ifNotExists = parseIfNotExists(c);
  const name = volumeName(c);
  c.expectWords('TYPE');
  c.expectOp('=');
  const type = c.identifier('a storage volume type (S3)');
  c.expectWords('LOCATIONS');
  c.expectOp('=');
  c.expectOp('(');
  const locations = [c.string('a location in quotes')];
  while (c.acceptOp(',')) locations.push(c.string('a location in quotes'));
  c.expectOp(')');
  const comment = c.acceptWords('COMMENT') ? c.string('a comment in quotes') : undefined;
  return compact<CreateStorageVolumeStatement>({
    kind: 'create_storage_volume',
    text: '',
    name,
    ifNotExists,
    type,
    locations,
    comment,
    properties: parseOptionalProperties(c),
  });
}

/** After ALTER STORAGE VOLUME: one or more of `SET (...)` and `COMMENT = '...'`, comma-separated. */
export function parseAlterStorageVolume(c: Cursor): AlterStorageVolumeStatement {
  const name = volumeName(c);
  const properties: Properties = {};
  let comment: string | undefined;
  do {
    if (c.acceptWords('COMMENT')) {
      c.expectOp('=');
      comment = c.string('a comment in quotes');
    } else {
      c.expectWords('SET');
      Object.assign(properties, parsePropertyList(c));
    }
  } while (c.acceptOp(','));
  return compact<AlterStorageVolumeStatement>({ kind: 'alter_storage_volume', text: '', name, properties, comment });
}

/** After DROP STORAGE VOLUME. */
export function parseDropStorageVolume(c: Cursor): DropStorageVolumeStatement {
  const ifExists = parseIfExists(c);
  return { kind: 'drop_storage_volume', text: '', name: volumeName(c), ifExists };
}

/** After SET, when `name AS DEFAULT STORAGE VOLUME` follows (isSetDefaultStorageVolume). */
export function parseSetDefaultStorageVolume(c: Cursor): SetDefaultStorageVolumeStatement {
  const name = volumeName(c);
  c.expectWords('AS', 'DEFAULT', 'STORAGE', 'VOLUME');
  return { kind: 'set_default_storage_volume', text: '', name };
}

export function isSetDefaultStorageVolume(c: Cursor): boolean {
  return (c.current.kind === 'string' || c.isIdentifier()) && c.isWord('AS', 1) && c.isWord('DEFAULT', 2);
}

/** After SHOW STORAGE VOLUMES. */
export function parseShowStorageVolumes(c: Cursor): ShowStorageVolumesStatement {
  const like = c.acceptWords('LIKE') ? c.string('a pattern') : undefined;
  return compact<ShowStorageVolumesStatement>({ kind: 'show_storage_volumes', text: '', like });
}

/** After DESC / DESCRIBE STORAGE VOLUME. */
export function parseDescStorageVolume(c: Cursor): DescStorageVolumeStatement {
  return { kind: 'desc_storage_volume', text: '', name: volumeName(c) };
}
