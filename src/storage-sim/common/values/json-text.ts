// JSON values are stored as canonical text so equal documents are equal strings: object keys
// sorted (a repeated key keeps its last value), ', ' and ': ' separators as StarRocks prints JSON,
// strings re-escaped minimally. Numbers keep their digits: an integer literal stays exact however
// long it is (JSON.parse would round 2^63 - 1), other numbers print as the double they denote.
import type { ColumnType } from '../column-types.js';
import { invalid } from './value-error.js';

type JsonNode =
  | { kind: 'literal'; text: string } // numbers, true, false, null: already canonical text
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: Map<string, JsonNode> };

class JsonSyntaxError extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const MAX_DEPTH = 512;

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    const node = this.value(0);
    this.skipSpace();
    if (this.pos !== this.text.length) throw new JsonSyntaxError('trailing characters');
    return node;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.pos++;
    }
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('nested too deeply');
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { kind: 'string', value: this.string() };
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return { kind: 'literal', text: word };
      }
    }
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw new JsonSyntaxError('unexpected character');
    this.pos += match[0].length;
    return { kind: 'literal', text: canonicalNumber(match[0], match[1] !== undefined || match[2] !== undefined) };
  }

  private object(depth: number): JsonNode {
    const entries = new Map<string, JsonNode>();
    this.pos++; // '{'
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') throw new JsonSyntaxError('expected a key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') throw new JsonSyntaxError("expected ':'");
      entries.delete(key); // the last occurrence wins and takes its place
      entries.set(key, this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === '}') return { kind: 'object', entries };
      if (next !== ',') throw new JsonSyntaxError("expected ',' or '}'");
    }
  }

  private array(depth: number): JsonNode {
    const items: JsonNode[] = [];
    this.pos++; // '['
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === ']') return { kind: 'array', items };
      if (next !== ',') throw new JsonSyntaxError("expected ',' or ']'");
    }
  }

  private string(): string {
    // Find the closing quote, then let JSON.parse handle the escapes of this one token.
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      if (i >= this.text.length) throw new JsonSyntaxError('unterminated string');
      const c = this.text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) i++;
      else if (c < 32) throw new JsonSyntaxError('control character in string');
      i++;
    }
    this.pos = i + 1;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }
}

function canonicalNumber(text: string, fractional: boolean): string {
  if (!fractional) return text === '-0' ? '0' : text;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new JsonSyntaxError('number out of range');
  return Object.is(value, -0) ? '0' : String(value);
}

function serialize(node: JsonNode): string {
  switch (node.kind) {
    case 'literal':
      return node.text;
    case 'string':
      return JSON.stringify(node.value);
    case 'array':
      return `[${node.items.map(serialize).join(', ')}]`;
    case 'object': {
      const keys = [...node.entries.keys()].sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}: ${serialize(node.entries.get(k)!)}`).join(', ')}}`;
    }
  }
}

export function parseJson(type: ColumnType, text: string): string {
  try {
    return serialize(new Parser(text).parseDocument());
  } catch (error) {
    if (error instanceof JsonSyntaxError || error instanceof SyntaxError) throw invalid(type, text);
    throw error;
  }
}
