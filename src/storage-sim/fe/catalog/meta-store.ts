// The FE's durable metadata, laid out like StarRocks' meta directory:
//   <meta>/image/VERSION          clusterId=..., token=... (operators copy the token from here) and
//                                 runMode=... (the run mode of the first start, run-mode-record.ts)
//   <meta>/image/image.<seq>      the whole catalogue as of edit <seq> (JSON), written atomically
//   <meta>/edits/edit.log         one JSON line per edit after the image, fsynced before it is applied
// Opening replays the log over the newest image; a line torn by a crash mid-write is dropped (its
// change was never acknowledged). A checkpoint writes a new image and starts an empty log.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { applyOp, type EditOp } from './edit-op.js';
import { emptyCatalog, type CatalogState } from './model.js';
import type { RunMode } from '../fe-context.js';

interface LogLine {
  seq: number;
  op: EditOp;
}

export interface ClusterIdentity {
  clusterId: number;
  token: string;
}

function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

function readIdentity(imageDir: string, runMode: RunMode | undefined): ClusterIdentity {
  const path = join(imageDir, 'VERSION');
  const runModeLine = runMode ? `runMode=${runMode}\n` : '';
  if (!existsSync(path)) {
    const identity = { clusterId: randomBytes(4).readUInt32BE() & 0x7fffffff, token: randomUUID() };
    writeFileAtomic(path, `#${new Date().toString()}\nclusterId=${identity.clusterId}\ntoken=${identity.token}\n${runModeLine}`);
    return identity;
  }
  let text = readFileSync(path, 'utf8');
  // Written before the run mode was kept: this start's mode is the one kept from now on.
  if (runMode && !/^runMode=/m.test(text)) {
    text = `${text.endsWith('\n') ? text : `${text}\n`}${runModeLine}`;
    writeFileAtomic(path, text);
  }
  const clusterId = Number(/^clusterId=(\d+)$/m.exec(text)?.[1]);
  const token = /^token=(.+)$/m.exec(text)?.[1]?.trim();
  if (!token || !Number.isFinite(clusterId)) throw new Error(`${path} is damaged: expected clusterId=... and token=... lines`);
  return { clusterId, token };
}

export class MetaStore {
  readonly identity: ClusterIdentity;
  readonly state: CatalogState;
  private seq: number;
  private imageSeq: number;
  private logFd: number;
  private readonly imageDir: string;
  private readonly logPath: string;

  /** runMode: the FE's run mode, kept in VERSION at the first start (checked by run-mode-record.ts). */
  constructor(
    readonly dir: string,
    runMode?: RunMode,
  ) {
    this.imageDir = join(dir, 'image');
    const editsDir = join(dir, 'edits');
    mkdirSync(this.imageDir, { recursive: true });
    mkdirSync(editsDir, { recursive: true });
    this.identity = readIdentity(this.imageDir, runMode);
    this.logPath = join(editsDir, 'edit.log');

    const images = readdirSync(this.imageDir)
      .map((name) => /^image\.(\d+)$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => b - a);
    this.imageSeq = images[0] ?? 0;
    // An image written before a part of the catalogue existed gets that part empty.
    this.state = this.imageSeq > 0 ? { ...emptyCatalog(), ...(JSON.parse(readFileSync(join(this.imageDir, `image.${this.imageSeq}`), 'utf8')) as CatalogState) } : emptyCatalog();
    this.seq = this.imageSeq;
    this.replayLog();
    this.logFd = openSync(this.logPath, 'a');
  }

  private replayLog(): void {
    if (!existsSync(this.logPath)) return;
    const text = readFileSync(this.logPath, 'utf8');
    let validChars = 0;
    for (const line of text.split('\n')) {
      if (line === '') break;
      let entry: LogLine;
      try {
        entry = JSON.parse(line) as LogLine;
      } catch {
        break; // a torn tail: everything after it was never acknowledged
      }
      validChars += line.length + 1;
      if (entry.seq <= this.seq) continue;
      applyOp(this.state, entry.op);
      this.seq = entry.seq;
    }
    if (validChars < text.length) writeFileAtomic(this.logPath, text.slice(0, validChars));
  }

  /** Makes the change durable, then applies it. Callers must not mutate `state` any other way. */
  write(op: EditOp): void {
    this.seq++;
    writeSync(this.logFd, JSON.stringify({ seq: this.seq, op } satisfies LogLine) + '\n');
    fsyncSync(this.logFd);
    applyOp(this.state, op);
  }

  /** Writes a new image of the current state and starts an empty log. */
  checkpoint(): void {
    if (this.seq === this.imageSeq) return;
    writeFileAtomic(join(this.imageDir, `image.${this.seq}`), JSON.stringify(this.state));
    const previous = this.imageSeq;
    this.imageSeq = this.seq;
    closeSync(this.logFd);
    writeFileAtomic(this.logPath, '');
    this.logFd = openSync(this.logPath, 'a');
    if (previous > 0) rmSync(join(this.imageDir, `image.${previous}`), { force: true });
  }

  /** Edits written since the last image: the FE checkpoints when this grows large. */
  get editsSinceImage(): number {
    return this.seq - this.imageSeq;
  }

  /**
   * Fresh ids from the catalogue's single sequence. The reservation is logged before the ids are
   * used (e.g. for tablets created on BEs), so a crash can never hand the same id out twice.
   */
  allocateIds(count: number): number[] {
    const first = this.state.nextId;
    this.write({ op: 'reserveIds', nextId: first + count });
    return Array.from({ length: count }, (_, i) => first + i);
  }

  close(): void {
    closeSync(this.logFd);
  }
}
