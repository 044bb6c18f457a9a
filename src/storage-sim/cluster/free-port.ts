// Whether a node's previous port can be taken again: the launcher listens on it for a moment
// (on the address the nodes bind), so a port another process holds is replaced before any node
// is spawned instead of failing that node's start.
import { createServer } from 'node:net';

/**
 * A port can be held for a moment by someone's short-lived outgoing socket (the kernel hands out
 * the same range); a port still taken after this long is held by a process that keeps it.
 */
const BUSY_AFTER_MS = 1_000;
const RETRY_EVERY_MS = 100;

function listensOnce(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  const giveUpAt = Date.now() + BUSY_AFTER_MS;
  for (;;) {
    if (await listensOnce(port, host)) return true;
    if (Date.now() >= giveUpAt) return false;
    await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
  }
}

export interface PortChoice {
  port: number;
  /** Why the previous port was not taken again; undefined when it was (or there was none). */
  busy?: number;
}

/** The previous port when free, else 0 (any free port), saying which one was busy. */
export async function previousPortIfFree(previous: number | undefined): Promise<PortChoice> {
  if (previous === undefined || previous === 0) return { port: 0 };
  return (await portIsFree(previous)) ? { port: previous } : { port: 0, busy: previous };
}
