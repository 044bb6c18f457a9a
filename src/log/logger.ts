// The daemon's logging: pino records fanned out to log/sync.INFO.log (info and up) and
// log/sync.WARN.log (warn and up) as human-readable lines, plus colour output on a terminal.
// Every stream is synchronous and every line is scrubbed of registered secrets.
import { join } from 'node:path';
import pino, { type Logger, type Level } from 'pino';
import pretty from 'pino-pretty';
import { formatRecord } from './line-format.js';
import { RotatingFile, type RotationPolicy } from './rotating-file.js';
import { SecretScrubber, REDACTED_FIELDS, MASK } from './secret-scrubber.js';

export interface LoggingOptions {
  dir: string;
  level?: Level;
  rotation?: Partial<RotationPolicy>;
  /** Colour output on stdout; defaults to whether stdout is a terminal. */
  console?: boolean;
}

export interface Logging {
  logger: Logger;
  scrubber: SecretScrubber;
  infoFile: string;
  warnFile: string;
  close(): void;
}

export const DEFAULT_ROTATION: RotationPolicy = { maxBytes: 256 * 1024 * 1024, keep: 10 };

/** A pino stream that turns each JSON record into one scrubbed text line in a rotating file. */
function fileStream(file: RotatingFile, scrubber: SecretScrubber) {
  return {
    write(json: string) {
      file.write(scrubber.scrub(formatRecord(JSON.parse(json) as Record<string, unknown>)));
    },
  };
}

export function createLogging(options: LoggingOptions): Logging {
  const scrubber = new SecretScrubber();
  const rotation = { ...DEFAULT_ROTATION, ...options.rotation };
  const infoFile = join(options.dir, 'sync.INFO.log');
  const warnFile = join(options.dir, 'sync.WARN.log');
  const info = new RotatingFile(infoFile, rotation);
  const warn = new RotatingFile(warnFile, rotation);
  const streams: pino.StreamEntry[] = [
    { level: 'info', stream: fileStream(info, scrubber) },
    { level: 'warn', stream: fileStream(warn, scrubber) },
  ];
  if (options.console ?? process.stdout.isTTY) {
    const terminal = pretty({
      colorize: true,
      sync: true,
      translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
      ignore: 'pid,hostname,component',
      messageFormat: '[{component}] {msg}',
    });
    streams.push({ level: options.level ?? 'info', stream: { write: (line: string) => terminal.write(scrubber.scrub(line)) } });
  }
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: REDACTED_FIELDS, censor: MASK },
    },
    pino.multistream(streams),
  );
  return {
    logger,
    scrubber,
    infoFile,
    warnFile,
    close() {
      info.close();
      warn.close();
    },
  };
}
