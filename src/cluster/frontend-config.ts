// One FE configuration item as ADMIN SHOW FRONTEND CONFIG LIKE '<key>' prints it (column Value);
// undefined when the FE has no such item (an older release).
import type { FeClient } from './fe-client.js';

export async function readFrontendConfig(client: FeClient, key: string): Promise<string | undefined> {
  const rows = await client.query(`ADMIN SHOW FRONTEND CONFIG LIKE '${key}'`, `read FE config ${key}`);
  const value = rows[0]?.Value;
  return value === undefined || value === null ? undefined : String(value);
}
