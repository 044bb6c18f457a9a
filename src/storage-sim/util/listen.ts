// Starts a server on host:port and resolves with the bound port (port 0 picks a free one); a bind
// failure rejects instead of becoming an uncaught 'error' event.
//
// A node restarted on its old port (after a crash, or a kill -9 in a test) can find that port held
// for a moment by someone else's short-lived socket: the kernel hands out the same range for
// outgoing connections. A fixed port in use is therefore tried again for a few seconds before the
// start fails.
import type { AddressInfo, Server } from 'node:net';

const RETRY_FOR_MS = 10_000;
const RETRY_EVERY_MS = 200;

function listenOnce(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function listen(server: Server, port: number, host: string): Promise<number> {
  const giveUpAt = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      return await listenOnce(server, port, host);
    } catch (error) {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!inUse || port === 0 || Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
    }
  }
}
