// How a running daemon re-reads its configuration files (RunningConfig's `reread`): an edit that
// does not load is refused (said once, the running configuration stays); keys that need a restart
// are said once and left; live keys and the hosts mapping apply at once. The new secrets are given
// to the log scrubber before anything is logged with them.
import type { Logger } from 'pino';
import { ConfigError } from './config-error.js';
import { applyLiveChanges, configChanges } from './config-changes.js';
import type { LoadedConfig, SyncConfig } from './load-config.js';
import type { Reread } from './running-config.js';
import { failpoint } from '../util/failpoints.js';

export function configRereader(load: () => LoadedConfig, log: Logger, addSecrets: (secrets: string[]) => void): (running: SyncConfig) => Reread {
  let refused = '';
  let restartNoted = '';
  return (running) => {
    let edited: LoadedConfig;
    try {
      edited = load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // Each problem is said once, not at every round until it is fixed.
      if (error.message !== refused) log.warn(`the edited configuration is refused, the running one stays: ${error.message}`);
      refused = error.message;
      return { config: running, refused: error.message };
    }
    refused = '';
    failpoint('config_mid_reload');
    addSecrets(edited.secrets);
    const changes = configChanges(running, edited.config);
    const restart = changes.needRestart.join(', ');
    if (restart !== '' && restart !== restartNoted) log.warn(`configuration changes that need a restart (not applied): ${restart}`);
    restartNoted = restart;
    if (changes.live.length === 0 && !changes.hostsChanged) return { config: running, needRestart: changes.needRestart };
    const applied = [...changes.live, ...(changes.hostsChanged ? ['hosts mapping'] : [])];
    log.info(`configuration changes applied: ${applied.join(', ')}`);
    return { config: applyLiveChanges(running, edited.config), applied, needRestart: changes.needRestart };
  };
}
