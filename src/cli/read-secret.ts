// Reads a secret without it landing in shell history or on screen: a hidden prompt on a terminal
// (asked twice to catch typos), otherwise all of standard input with one trailing newline removed.
import { stdin, stderr } from 'node:process';

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readSecret(what: string): Promise<string> {
  if (!stdin.isTTY) return readAllStdin();
  const first = await promptHidden(`${what}: `);
  const second = await promptHidden(`Repeat ${what.toLowerCase()}: `);
  if (first !== second) throw new Error(`the two ${what.toLowerCase()} entries differ`);
  return first;
}
