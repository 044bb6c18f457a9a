// Records when the last successful build finished, so bin/start.sh can tell whether dist/ is
// older than the sources and must be rebuilt before the daemon starts.
import { writeFileSync, chmodSync } from 'node:fs';
writeFileSync(new URL('../dist/.build-stamp', import.meta.url), `${new Date().toISOString()}\n`);
chmodSync(new URL('../dist/main.js', import.meta.url), 0o755);
