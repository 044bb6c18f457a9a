// A storage volume's PROPERTIES: which keys StarRocks accepts (server/StorageVolumeMgr.java
// validateParams: the names in CloudConfigurationConstants), the credential they describe, and the
// Params text DESC STORAGE VOLUME shows (storagevolume/StorageVolume.java: the parameters rebuilt
// from the stored file store, secrets masked, serialised by Gson from a HashMap).
import { SimError } from '../sim-error.js';
import { javaHashOrder, javaStringHash } from './java-hash-order.js';

/** The S3 keys of CloudConfigurationConstants (the other clouds' keys name stores this engine cannot reach). */
const S3_KEYS = [
  'aws.s3.use_aws_sdk_default_behavior', 'aws.s3.use_instance_profile', 'aws.s3.use_web_identity_token_file', 'aws.s3.access_key',
  'aws.s3.secret_key', 'aws.s3.session_token', 'aws.s3.iam_role_arn', 'aws.s3.sts.region', 'aws.s3.sts.endpoint', 'aws.s3.external_id',
  'aws.s3.region', 'aws.s3.endpoint', 'aws.s3.enable_path_style_access', 'aws.s3.enable_ssl', 'aws.s3.enable_partitioned_prefix',
  'aws.s3.num_partitioned_prefix',
];
const KNOWN = new Set(S3_KEYS);

/** StorageVolume's CREDENTIAL_MASK. */
const MASK = '******';
const SECRET_KEYS = new Set(['aws.s3.access_key', 'aws.s3.secret_key']);

/** The region an S3 volume gets when none is given (what DESC shows for such a volume). */
const DEFAULT_REGION = 'us-east-1';

/** "Invalid properties <key>" for the first key StarRocks does not know; changes nothing. */
export function checkParamKeys(params: Record<string, string>): void {
  for (const key of Object.keys(params)) if (!KNOWN.has(key)) throw SimError.invalid(`Invalid properties ${key}`);
}

const isTrue = (value: string | undefined) => value?.toLowerCase() === 'true';

/**
 * The parameters as the file store gives them back (getParamsFromFileStoreInfo), in the order it
 * puts them: region, endpoint, path style when set, then the credential's keys. Refused when the
 * properties name no credential, which StarRocks cannot build a file store from.
 */
export function effectiveParams(params: Record<string, string>): Record<string, string> {
  const result: [string, string][] = [
    ['aws.s3.region', params['aws.s3.region'] || DEFAULT_REGION],
    ['aws.s3.endpoint', params['aws.s3.endpoint'] ?? ''],
  ];
  if (isTrue(params['aws.s3.enable_partitioned_prefix'])) {
    result.push(['aws.s3.enable_partitioned_prefix', 'true'], ['aws.s3.num_partitioned_prefix', params['aws.s3.num_partitioned_prefix'] ?? '256']);
  }
  const pathStyle = params['aws.s3.enable_path_style_access'];
  if (pathStyle !== undefined) result.push(['aws.s3.enable_path_style_access', String(isTrue(pathStyle))]);
  const flags = (instance: boolean, sdkDefault: boolean, webIdentity: boolean): [string, string][] => [
    ['aws.s3.use_instance_profile', String(instance)],
    ['aws.s3.use_aws_sdk_default_behavior', String(sdkDefault)],
    ['aws.s3.use_web_identity_token_file', String(webIdentity)],
  ];
  const role = (): [string, string][] => [['aws.s3.iam_role_arn', params['aws.s3.iam_role_arn'] ?? ''], ['aws.s3.external_id', params['aws.s3.external_id'] ?? '']];
  if (isTrue(params['aws.s3.use_aws_sdk_default_behavior'])) result.push(['aws.s3.use_aws_sdk_default_behavior', 'true']);
  else if (isTrue(params['aws.s3.use_instance_profile'])) result.push(...flags(true, false, false), ...(params['aws.s3.iam_role_arn'] ? role() : []));
  else if (isTrue(params['aws.s3.use_web_identity_token_file'])) result.push(...flags(false, false, true), ...role());
  else if (params['aws.s3.access_key'] && params['aws.s3.secret_key']) {
    result.push(...flags(false, false, false), ['aws.s3.access_key', params['aws.s3.access_key']], ['aws.s3.secret_key', params['aws.s3.secret_key']]);
  } else {
    throw SimError.invalid(
      'Storage params is not valid: expected a credential: aws.s3.access_key and aws.s3.secret_key, or aws.s3.use_aws_sdk_default_behavior, aws.s3.use_instance_profile or aws.s3.use_web_identity_token_file = "true"',
    );
  }
  return Object.fromEntries(result);
}

/** Gson's default string escaping: JSON's, plus <, >, &, = and ' as \u00XX (HTML-safe). */
function gsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&=']/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** DESC STORAGE VOLUME's Params: the effective parameters, secrets masked, in HashMap order. */
export function maskedParamsText(params: Record<string, string>): string {
  const entries = javaHashOrder(Object.entries(effectiveParams(params)), ([key]) => javaStringHash(key));
  return `{${entries.map(([key, value]) => `${gsonString(key)}:${gsonString(SECRET_KEYS.has(key) ? MASK : value)}`).join(',')}}`;
}
