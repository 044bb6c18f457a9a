// One reference-cluster node as its own OS process: `node-main.js be|fe --config <json file>`.
// When it is serving it writes its ports to the config's readyFile (atomically), which is how the
// launcher learns them; SIGTERM or SIGINT stops it cleanly, SIGKILL is a crash it must survive.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Backend, type BackendOptions } from '../be/backend.js';
import { Frontend, type FrontendOptions } from '../fe/frontend.js';

interface NodeConfig {
  readyFile: string;
  backend?: BackendOptions;
  frontend?: FrontendOptions;
}

function writeReady(path: string, info: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(info));
  renameSync(`${path}.tmp`, path);
}

async function main(): Promise<void> {
  const [role, flag, configPath] = process.argv.slice(2);
  if ((role !== 'be' && role !== 'fe') || flag !== '--config' || !configPath) {
    process.stderr.write('usage: node-main.js be|fe --config <file.json>\n');
    process.exit(2);
  }
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as NodeConfig;
  let stop: () => Promise<void>;
  if (role === 'be') {
    const be = await Backend.start(config.backend!);
    writeReady(config.readyFile, { pid: process.pid, bePort: be.bePort, httpPort: be.httpPort });
    stop = () => be.stop();
  } else {
    const fe = await Frontend.start(config.frontend!);
    writeReady(config.readyFile, { pid: process.pid, queryPort: fe.queryPort, httpPort: fe.httpPort, rpcPort: fe.rpcPort, token: fe.token, backends: fe.ctx.backends.list() });
    stop = () => fe.stop();
  }
  const shutdown = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
