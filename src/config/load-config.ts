// conf/sync.properties + conf/hosts.properties -> one immutable, validated SyncConfig.
// Every problem is collected (not just the first) so one edit fixes them all; nothing here touches
// a cluster, so a bad configuration changes nothing.
import { existsSync } from 'node:fs';
import { ConfigError, showValue, type ConfigProblem } from './config-error.js';
import { readPropertiesFile, PropertiesFileError, type PropertiesFile } from './properties-file.js';
import { SCHEMA, SCHEMA_KEYS, specOf, type SchemaKey, type SyncSettings } from './schema.js';
import { nearestKey } from './suggest.js';
import { isLoopback } from './loopback.js';
import { parseHostsMapping, EMPTY_HOSTS_MAPPING, type HostsMapping } from './hosts-mapping.js';
import { formatDataList, type DataRef, type DataRules } from './data-rules.js';
import { decryptPassword, PasswordDecryptionError } from './password-cipher.js';

export interface ConfigFiles {
  conf: string;
  hosts: string;
}

export interface ClusterCredentials {
  readonly user: string;
  /** The usable (decrypted) password. */
  readonly password: string;
}

export interface SyncConfig {
  readonly files: Readonly<ConfigFiles>;
  readonly settings: SyncSettings;
  readonly dataRules: DataRules;
  readonly hosts: HostsMapping;
  readonly credentials: { readonly source: ClusterCredentials; readonly target: ClusterCredentials };
}

export interface LoadedConfig {
  config: SyncConfig;
  /** Things worth telling the operator that do not stop the daemon (unknown or repeated keys). */
  warnings: string[];
  /** Every secret value the config holds, raw and decrypted, for the log scrubber. */
  secrets: string[];
}

export interface LoadOptions {
  /** A missing hosts file is an error only when the operator named it explicitly. */
  hostsFileRequired?: boolean;
}

function readOrProblem(path: string, problems: ConfigProblem[]): PropertiesFile | undefined {
  try {
    return readPropertiesFile(path);
  } catch (error) {
    if (!(error instanceof PropertiesFileError)) throw error;
    problems.push({ file: path, key: '(file)', shownValue: '(unreadable)', expected: `a readable properties file (${error.message})` });
    return undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}

function decryptIfKeyed(
  settings: Record<string, unknown>,
  side: 'source' | 'target',
  file: PropertiesFile,
  problems: ConfigProblem[],
): string {
  const passwordKey = `${side}_cluster_password` as const;
  const secretKey = `${side}_cluster_password_secret_key` as const;
  const password = settings[passwordKey] as string;
  const key = settings[secretKey] as string;
  if (key === '') return password;
  try {
    return decryptPassword(password, key);
  } catch (error) {
    if (!(error instanceof PasswordDecryptionError)) throw error;
    problems.push({
      file: file.path,
      line: file.entries.find((e) => e.key === passwordKey)?.line,
      key: passwordKey,
      shownValue: showValue(password, true),
      expected: `TO_BASE64(AES_ENCRYPT(password, ${secretKey})) because ${secretKey} is set, but ${error.message}`,
    });
    return '';
  }
}

export function loadConfig(files: ConfigFiles, options: LoadOptions = {}): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];

  const conf = readOrProblem(files.conf, problems);
  let hostsFile: PropertiesFile | undefined;
  if (existsSync(files.hosts) || options.hostsFileRequired) hostsFile = readOrProblem(files.hosts, problems);
  if (!conf) throw new ConfigError(problems);

  const given = new Map(conf.entries.map((entry) => [entry.key, entry]));
  for (const entry of conf.entries) {
    if (entry.key in SCHEMA) continue;
    const suggestion = nearestKey(entry.key, SCHEMA_KEYS);
    warnings.push(
      `${conf.path}:${entry.line ?? '?'}: unknown key "${entry.key}" is ignored` + (suggestion ? ` (did you mean "${suggestion}"?)` : ''),
    );
  }
  for (const duplicate of conf.duplicates) {
    warnings.push(
      `${conf.path}: key "${duplicate.key}" is set on lines ${duplicate.lines.join(', ')}; line ${duplicate.lines.at(-1)} takes effect`,
    );
  }

  const settings: Record<string, unknown> = {};
  for (const key of SCHEMA_KEYS) {
    const spec = specOf(key);
    const entry = given.get(key);
    const raw = entry ? entry.value : spec.defaultRaw;
    const problem = (expected: string): ConfigProblem => ({
      file: conf.path,
      line: entry?.line,
      key,
      shownValue: showValue(raw, spec.secret),
      expected,
    });
    const parsed = spec.parse(raw);
    if (!parsed.ok) {
      problems.push(problem(parsed.expected));
      continue;
    }
    if (spec.required && raw === '') {
      problems.push(problem(`${spec.expected} (this key is required)`));
      continue;
    }
    settings[key] = parsed.value;
  }

  const sourcePassword = decryptIfKeyed(settings, 'source', conf, problems);
  const targetPassword = decryptIfKeyed(settings, 'target', conf, problems);

  if (
    settings.source_fe_host !== undefined &&
    settings.source_fe_host === settings.target_fe_host &&
    settings.source_fe_query_port === settings.target_fe_query_port
  ) {
    problems.push({
      file: conf.path,
      line: given.get('target_fe_host')?.line,
      key: 'target_fe_host',
      shownValue: showValue(String(settings.target_fe_host), false),
      expected: 'a different FE than source_fe_host:source_fe_query_port (source and target must be two clusters)',
    });
  }

  if (settings.transfer_mode === 's3' && !settings.s3_repository) {
    problems.push({
      file: conf.path,
      line: given.get('s3_repository')?.line ?? given.get('transfer_mode')?.line,
      key: 's3_repository',
      shownValue: '(empty)',
      expected: 'the name of a repository created on both clusters (needed with transfer_mode=s3)',
    });
  }

  if (typeof settings.http_port === 'number' && settings.http_port > 0 && !settings.http_token && typeof settings.http_bind === 'string' && !isLoopback(settings.http_bind)) {
    problems.push({
      file: conf.path,
      line: given.get('http_token')?.line ?? given.get('http_bind')?.line,
      key: 'http_token',
      shownValue: '(empty)',
      expected: `a token (needed because http_bind=${settings.http_bind} is not a loopback address: anyone who reaches it could steer the daemon)`,
    });
  }

  let hosts: HostsMapping = EMPTY_HOSTS_MAPPING;
  if (hostsFile) {
    const parsed = parseHostsMapping(hostsFile);
    problems.push(...parsed.problems);
    hosts = parsed.mapping;
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const typed = settings as SyncSettings;
  const secretValues = [
    typed.source_cluster_password,
    typed.source_cluster_password_secret_key,
    typed.source_cluster_token,
    typed.target_cluster_password,
    typed.target_cluster_password_secret_key,
    typed.http_token,
    sourcePassword,
    targetPassword,
  ];
  const config: SyncConfig = deepFreeze({
    files: { ...files },
    settings: typed,
    dataRules: { include: typed.include_data_list, exclude: typed.exclude_data_list },
    hosts,
    credentials: {
      source: { user: typed.source_cluster_user, password: sourcePassword },
      target: { user: typed.target_cluster_user, password: targetPassword },
    },
  });
  return { config, warnings, secrets: [...new Set(secretValues.filter((value) => value !== ''))] };
}

/** The effective settings as `key=value` lines, secrets masked: what check-config prints. */
export function describeSettings(settings: SyncSettings): string[] {
  return SCHEMA_KEYS.map((key: SchemaKey) => {
    const spec = specOf(key);
    const value = settings[key];
    const shown = spec.secret ? (value === '' ? '' : '******') : formatValue(value);
    return `${key}=${shown}`;
  });
}

function formatValue(value: unknown): string {
  if (value === null) return '';
  if (Array.isArray(value)) return formatDataList(value as DataRef[]);
  return String(value);
}
