// CREATE REPOSITORY's PROPERTIES -> how to reach the object store. The keys are StarRocks' (seed
// 002 and the CREATE REPOSITORY reference): aws.s3.* for AWS S3 and S3-compatible stores,
// fs.s3a.* for Google GCS through S3A; aws.s3.enable_ssl and aws.s3.enable_path_style_access as
// StarRocks' catalogs use them for MinIO-like stores. The two checksum keys are this engine's own.
// Every value is checked; a bad one is named with what was expected, and nothing is created.
import type { ChecksumMode, S3Connection } from '../../common/object-store/s3-connection.js';
import { SimError } from '../sim-error.js';
import type { RepositoryLocation } from './repository-location.js';
import { awsRegionalHost, type ObjectStoreEndpoints } from './object-store-endpoints.js';

type Setting = 'accessKey' | 'secretKey' | 'endpoint' | 'region' | 'instanceProfile' | 'roleArn' | 'ssl' | 'pathStyle' | 'requestChecksums' | 'responseChecksums';

/** Property -> setting; aliases (aws.s3.* and fs.s3a.*) set the same thing. */
const KEYS: Record<string, Setting> = {
  'aws.s3.access_key': 'accessKey',
  'aws.s3.secret_key': 'secretKey',
  'aws.s3.endpoint': 'endpoint',
  'aws.s3.region': 'region',
  'aws.s3.use_instance_profile': 'instanceProfile',
  'aws.s3.iam_role_arn': 'roleArn',
  'aws.s3.enable_ssl': 'ssl',
  'aws.s3.enable_path_style_access': 'pathStyle',
  'aws.s3.request_checksum_calculation': 'requestChecksums',
  'aws.s3.response_checksum_validation': 'responseChecksums',
  'fs.s3a.access.key': 'accessKey',
  'fs.s3a.secret.key': 'secretKey',
  'fs.s3a.endpoint': 'endpoint',
  'fs.s3a.endpoint.region': 'region',
  'fs.s3a.connection.ssl.enabled': 'ssl',
  'fs.s3a.path.style.access': 'pathStyle',
};

/** Properties whose values are secrets: sealed at rest, never shown. */
export const SECRET_PROPERTIES: ReadonlySet<string> = new Set(['aws.s3.secret_key', 'fs.s3a.secret.key']);

/** Whether a property names an object-store setting (Broker Load passes every other one to the file system, as Hadoop properties). */
export function isObjectStoreProperty(key: string): boolean {
  return KEYS[key.toLowerCase()] !== undefined;
}

/** Whose properties are read, for messages: CREATE REPOSITORY's or WITH BROKER's. */
export type PropertyOwner = 'repository' | 'broker';

function settingsOf(properties: Record<string, string>, owner: PropertyOwner): Partial<Record<Setting, { key: string; value: string }>> {
  const settings: Partial<Record<Setting, { key: string; value: string }>> = {};
  for (const [key, value] of Object.entries(properties)) {
    const setting = KEYS[key.toLowerCase()];
    if (!setting) throw SimError.common(`Unknown ${owner} property '${key}': expected some of ${Object.keys(KEYS).join(', ')}`);
    const previous = settings[setting];
    if (previous && previous.value !== value) {
      // Never echo a secret, not even to say it was given twice.
      const shown = SECRET_PROPERTIES.has(key.toLowerCase()) ? '' : ` ('${previous.value}' and '${value}')`;
      throw SimError.common(`${owner === 'repository' ? 'Repository' : 'Broker'} properties '${previous.key}' and '${key}' set the same thing to different values${shown}: give one of them`);
    }
    settings[setting] = { key, value };
  }
  return settings;
}

function flag(entry: { key: string; value: string } | undefined, fallback: boolean, owner: PropertyOwner): boolean {
  if (!entry) return fallback;
  const value = entry.value.trim().toLowerCase();
  if (value !== 'true' && value !== 'false') throw SimError.common(`Invalid value '${entry.value}' for ${owner} property '${entry.key}': expected true or false`);
  return value === 'true';
}

function checksumMode(entry: { key: string; value: string } | undefined, owner: PropertyOwner): ChecksumMode {
  if (!entry) return 'WHEN_REQUIRED';
  const value = entry.value.trim().toUpperCase();
  if (value !== 'WHEN_REQUIRED' && value !== 'WHEN_SUPPORTED') throw SimError.common(`Invalid value '${entry.value}' for ${owner} property '${entry.key}': expected when_required or when_supported`);
  return value;
}

function endpointUrl(entry: { key: string; value: string } | undefined, ssl: boolean, owner: PropertyOwner): URL | undefined {
  if (!entry) return undefined;
  const text = entry.value.trim();
  try {
    const url = new URL(/^https?:\/\//i.test(text) ? text : `${ssl ? 'https' : 'http'}://${text}`);
    if (url.pathname !== '/' || url.search) throw new Error('a path');
    return url;
  } catch {
    throw SimError.common(`Invalid value '${entry.value}' for ${owner} property '${entry.key}': expected host[:port] (or http(s)://host[:port])`);
  }
}

/**
 * Builds the connection; throws naming the property that is missing or wrong (a repository's or a
 * Broker Load's, as `owner` says). `endpoints` says where this machine reaches a host the
 * properties name (object-store-endpoints.ts).
 */
export function s3ConnectionOf(properties: Record<string, string>, location: RepositoryLocation, endpoints: ObjectStoreEndpoints = {}, owner: PropertyOwner = 'repository'): S3Connection {
  const s = settingsOf(properties, owner);
  if (s.roleArn) {
    throw SimError.common(`Assumed roles ('${s.roleArn.key}') are not supported by this engine: give aws.s3.access_key and aws.s3.secret_key, or set aws.s3.use_instance_profile to true`);
  }
  const instanceProfile = flag(s.instanceProfile, false, owner);
  if (!instanceProfile) {
    if (!s.accessKey && !s.secretKey) {
      throw SimError.common('Missing credentials: give aws.s3.access_key and aws.s3.secret_key (fs.s3a.access.key and fs.s3a.secret.key for GCS), or set aws.s3.use_instance_profile to true');
    }
    if (!s.secretKey) throw SimError.common(`Missing ${owner} property: '${s.accessKey!.key}' needs the matching secret key (aws.s3.secret_key or fs.s3a.secret.key)`);
    if (!s.accessKey) throw SimError.common(`Missing ${owner} property: '${s.secretKey.key}' needs the matching access key (aws.s3.access_key or fs.s3a.access.key)`);
  }
  const ssl = flag(s.ssl, true, owner);
  const endpoint = endpointUrl(s.endpoint, ssl, owner);
  const host = endpoint?.hostname ?? '';
  // Virtual-hosted addressing puts the bucket in the host name, which cannot work for an IP address or localhost.
  const literalHost = /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[') || host === 'localhost';
  const region = s.region?.value.trim() || /^s3[.-]([a-z0-9-]+)\.amazonaws\.com$/.exec(host)?.[1] || 'us-east-1';
  const pathStyle = flag(s.pathStyle, literalHost, owner);
  const mapped = endpoints[(host || awsRegionalHost(region)).toLowerCase()];
  return {
    // A mapped host is one server: the bucket goes in the path, as virtual hosts cannot exist there.
    ...(mapped ? { endpoint: mapped } : endpoint ? { endpoint: endpoint.origin } : {}),
    region,
    ...(!instanceProfile ? { credentials: { accessKeyId: s.accessKey!.value, secretAccessKey: s.secretKey!.value } } : {}),
    pathStyle: mapped ? true : pathStyle,
    requestChecksums: checksumMode(s.requestChecksums, owner),
    responseChecksums: checksumMode(s.responseChecksums, owner),
    bucket: location.bucket,
    prefix: location.prefix,
  };
}
