// Runs SQL with the `mysql` command-line client (Debian's mariadb-client) in batch mode, as an
// operator would paste it, and reads its tab-separated output.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous: the FE answering it runs in this process. */
export function mysqlCli(port: number, sql: string): Promise<CliRun> {
  const args = ['--protocol=TCP', '-h127.0.0.1', `-P${port}`, '-uroot', '--connect-timeout=5', '-e', sql];
  return new Promise((resolve) => {
    execFile('mysql', args, { encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The lines that follow a header line starting with `header` (a result set in batch output). */
export function resultAfter(lines: string[], header: string, from = 0): { at: number; header: string[]; rows: string[][] } {
  const at = lines.findIndex((line, i) => i >= from && line.startsWith(header));
  assert.ok(at >= 0, `no result headed ${header} in:\n${lines.join('\n')}`);
  const names = lines[at]!.split('\t');
  const body: string[][] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const cells = lines[i]!.split('\t');
    if (cells.length !== names.length) break;
    if (lines[i]!.startsWith(`${names[0]}\t`)) break; // the next result's header
    body.push(cells);
  }
  return { at, header: names, rows: body };
}
