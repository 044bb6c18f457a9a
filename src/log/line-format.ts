// One human-readable line per log record, for `tail -f` and grep:
//   2026-11-21T22:40:01.123+00:00 WARN  [meta] cannot reach source FE 10.0.0.1:9030 attempt=3 err="connect ECONNREFUSED"
// Records at error level and above carry the stack on indented lines below.

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMITTED = new Set(['level', 'time', 'msg', 'component', 'pid', 'hostname', 'err']);

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Local time with its UTC offset, so lines from machines in different zones still compare. */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `.${pad(d.getMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

function formatField(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

interface SerializedError {
  message?: string;
  stack?: string;
  code?: string;
}

export function formatRecord(record: Record<string, unknown>): string {
  const level = LEVEL_NAMES[record.level as number] ?? String(record.level);
  const component = typeof record.component === 'string' ? `[${record.component}] ` : '';
  let line = `${formatTimestamp(Number(record.time))} ${level.padEnd(5)} ${component}${String(record.msg ?? '')}`;
  for (const [key, value] of Object.entries(record)) {
    if (!OMITTED.has(key) && value !== undefined) line += ` ${key}=${formatField(value)}`;
  }
  const err = record.err as SerializedError | undefined;
  if (err) {
    line += ` err=${formatField(err.code ? `${err.code}: ${err.message ?? ''}` : (err.message ?? ''))}`;
    if ((record.level as number) >= 50 && err.stack) {
      line += '\n' + err.stack.split('\n').slice(1).map((frame) => `    ${frame.trim()}`).join('\n');
    }
  }
  return line + '\n';
}
