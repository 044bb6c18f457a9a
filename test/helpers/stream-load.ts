// Stream Load from a test: an HTTP PUT to the FE's http_port with Basic auth and the load's
// headers, answered with the FE's JSON result. The body is a string, or a stream the test keeps
// open to hold a load (and its transaction) running.
import type { LocalCluster } from '../../src/storage-sim/cluster/local-cluster.js';

export async function streamLoad(
  cluster: LocalCluster,
  path: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const auth = Buffer.from(`root:${cluster.options.rootPassword ?? ''}`).toString('base64');
  const response = await fetch(`http://127.0.0.1:${cluster.fe.httpPort}${path}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${auth}`, ...headers },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  return (await response.json()) as Record<string, unknown>;
}

/** A request body that sends `first` at once and the rest only when `finish` is called. */
export function heldBody(first: string): { body: ReadableStream<Uint8Array>; finish: (rest?: string) => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(new TextEncoder().encode(first));
    },
  });
  return {
    body,
    finish: (rest = '') => {
      if (rest) controller.enqueue(new TextEncoder().encode(rest));
      controller.close();
    },
  };
}
