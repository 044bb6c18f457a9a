// Reads and writes Thrift structs described by a field table, over the thrift package's protocol
// objects (TBinaryProtocol here). A table per struct replaces the generated code a Thrift compiler
// would produce: the structs are few, and a table keeps field ids next to field names where they
// can be checked against the IDL at a glance. Unknown fields are skipped, as Thrift requires.
import thrift from 'thrift';

const { Type } = thrift.Thrift;

export type FieldType =
  | 'string'
  | 'bool'
  | 'i32'
  | 'i64'
  | { struct: StructSpec }
  | { list: FieldType }
  | { map: [FieldType, FieldType] };

export interface FieldSpec {
  id: number;
  name: string;
  type: FieldType;
}

export interface StructSpec {
  name: string;
  fields: FieldSpec[];
}

export class ThriftDecodeError extends Error {}

function wireType(type: FieldType): number {
  if (type === 'string') return Type.STRING;
  if (type === 'bool') return Type.BOOL;
  if (type === 'i32') return Type.I32;
  if (type === 'i64') return Type.I64;
  if ('struct' in type) return Type.STRUCT;
  if ('list' in type) return Type.LIST;
  return Type.MAP;
}

function writeValue(out: thrift.TProtocol, type: FieldType, value: unknown): void {
  if (type === 'string') out.writeString(String(value));
  else if (type === 'bool') out.writeBool(Boolean(value));
  else if (type === 'i32') out.writeI32(Number(value));
  else if (type === 'i64') out.writeI64(Number(value));
  else if ('struct' in type) writeStruct(out, type.struct, value as Record<string, unknown>);
  else if ('list' in type) {
    const items = value as unknown[];
    out.writeListBegin(wireType(type.list), items.length);
    for (const item of items) writeValue(out, type.list, item);
    out.writeListEnd();
  } else {
    const entries = [...(value as Map<unknown, unknown>)];
    out.writeMapBegin(wireType(type.map[0]), wireType(type.map[1]), entries.length);
    for (const [k, v] of entries) {
      writeValue(out, type.map[0], k);
      writeValue(out, type.map[1], v);
    }
    out.writeMapEnd();
  }
}

export function writeStruct(out: thrift.TProtocol, spec: StructSpec, value: Record<string, unknown>): void {
  out.writeStructBegin(spec.name);
  for (const field of spec.fields) {
    const fieldValue = value[field.name];
    if (fieldValue === undefined || fieldValue === null) continue;
    out.writeFieldBegin(field.name, wireType(field.type), field.id);
    writeValue(out, field.type, fieldValue);
    out.writeFieldEnd();
  }
  out.writeFieldStop();
  out.writeStructEnd();
}

function toNumber(value: unknown): number {
  // node-int64 values from readI64; ids and versions fit in a double.
  const n = typeof value === 'number' ? value : (value as { toNumber(allowImprecise: boolean): number }).toNumber(true);
  if (!Number.isFinite(n)) throw new ThriftDecodeError('an i64 value is out of range');
  return n;
}

// Bounds what a malformed or hostile message can make us allocate.
const MAX_COLLECTION = 10_000_000;

function readValue(input: thrift.TProtocol, type: FieldType): unknown {
  if (type === 'string') return input.readString();
  if (type === 'bool') return input.readBool();
  if (type === 'i32') return input.readI32();
  if (type === 'i64') return toNumber(input.readI64());
  if ('struct' in type) return readStruct(input, type.struct);
  if ('list' in type) {
    const { etype, size } = input.readListBegin();
    if (size < 0 || size > MAX_COLLECTION) throw new ThriftDecodeError(`list of ${size} elements`);
    const items: unknown[] = [];
    for (let i = 0; i < size; i++) items.push(etype === wireType(type.list) ? readValue(input, type.list) : input.skip(etype));
    input.readListEnd();
    return items;
  }
  const { ktype, vtype, size } = input.readMapBegin();
  if (size < 0 || size > MAX_COLLECTION) throw new ThriftDecodeError(`map of ${size} entries`);
  const map = new Map<unknown, unknown>();
  const typesMatch = ktype === wireType(type.map[0]) && vtype === wireType(type.map[1]);
  for (let i = 0; i < size; i++) {
    if (!typesMatch) {
      input.skip(ktype);
      input.skip(vtype);
      continue;
    }
    const key = readValue(input, type.map[0]);
    map.set(key, readValue(input, type.map[1]));
  }
  input.readMapEnd();
  return map;
}

export function readStruct<T>(input: thrift.TProtocol, spec: StructSpec): T {
  const result: Record<string, unknown> = {};
  input.readStructBegin();
  for (;;) {
    const { ftype, fid } = input.readFieldBegin();
    if (ftype === Type.STOP) break;
    const field = spec.fields.find((f) => f.id === fid);
    if (field && wireType(field.type) === ftype) result[field.name] = readValue(input, field.type);
    else input.skip(ftype);
    input.readFieldEnd();
  }
  input.readStructEnd();
  return result as T;
}
