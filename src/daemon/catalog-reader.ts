// What a meta round reads of one cluster: its catalogue, and what its release supports. The
// daemon, `plan` and the metadata benchmark read through FE clients (feCatalogReader); the sync
// loop's tests hand in catalogues of their own.
import type { FeClient } from '../cluster/fe-client.js';
import type { ClusterCapabilities } from '../cluster/capabilities.js';
import { knownCapabilities } from '../cluster/capability-probes.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { fetchCatalog } from '../meta/fetch-catalog.js';

export interface CatalogReader {
  /** The cluster's catalogue, of the databases `selectDb` keeps. */
  read(selectDb: (db: string) => boolean): Promise<ClusterCatalog>;
  /** What the cluster's release supports, once learned (undefined before). */
  capabilities(): ClusterCapabilities | undefined;
}

export function feCatalogReader(client: FeClient): CatalogReader {
  return {
    async read(selectDb) {
      // The FE list first: it is where the client goes if this FE stops answering mid-round.
      await client.refreshFrontends();
      return fetchCatalog(client, client.endpoint.side, selectDb);
    },
    capabilities: () => knownCapabilities(client),
  };
}
