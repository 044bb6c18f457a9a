// Starts a server on host:port and resolves with the bound port (port 0 picks a free one); a bind
// failure (port in use) rejects instead of becoming an uncaught 'error' event.
import type { AddressInfo, Server } from 'node:net';

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
