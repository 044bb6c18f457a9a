// The boundary the design states, read from the source itself: the daemon never imports the
// reference engine (pointed at real StarRocks, nothing of the engine may be on its path), and the
// engine takes from the daemon's side only the shared wire contract in src/protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ENGINE = join(SRC, 'storage-sim');
const PROTOCOL = join(SRC, 'protocol');
/** The `sim` command starts and stops engine clusters for operators; it loads the engine on demand, and nothing else in the CLI does. */
const ENGINE_FRONT = join(SRC, 'cli', 'sim-command.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative module a file imports, statically or with import(), resolved to a path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((spec) => resolve(dirname(file), spec));
}

const inside = (path: string, dir: string) => !relative(dir, path).startsWith('..');

test('the daemon never imports the reference engine', () => {
  const files = sourceFiles(SRC).filter((f) => !inside(f, ENGINE) && f !== ENGINE_FRONT);
  assert.ok(files.length > 100, `found only ${files.length} daemon files: the walk is wrong`);
  const crossings = files.flatMap((file) => importsOf(file).filter((target) => inside(target, ENGINE)).map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`));
  assert.deepEqual(crossings, []);
});

test('the reference engine imports from the daemon side only src/protocol', () => {
  const files = sourceFiles(ENGINE);
  assert.ok(files.length > 100, `found only ${files.length} engine files: the walk is wrong`);
  const crossings = files.flatMap((file) =>
    importsOf(file)
      .filter((target) => !inside(target, ENGINE) && !inside(target, PROTOCOL))
      .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
  );
  assert.deepEqual(crossings, []);
  // The walk does see the engine's use of the protocol: a reader that missed every import would pass.
  assert.ok(files.some((file) => importsOf(file).some((target) => inside(target, PROTOCOL))), 'no engine file imports src/protocol: the import reader is wrong');
});
