// The per-connection session handed to the statement engine.

import type { Session } from './types.js';

export class ClientSession implements Session {
  readonly variables = new Map<string, string>();

  constructor(
    readonly connectionId: number,
    readonly user: string,
    readonly remoteAddress: string,
    public database: string | undefined,
  ) {}
}

/** IPv4 clients of a dual-stack listener show up as '::ffff:a.b.c.d'; MySQL shows 'a.b.c.d'. */
export function displayAddress(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
