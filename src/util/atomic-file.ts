// A file replaced whole or not at all: written beside its name, then renamed over it, so a reader
// (or a restart after a crash) sees the previous content or the new one, never half of it.
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
