// Where this machine reaches an object store host: the engine's own stand-in for a name service
// (an /etc/hosts that also says scheme and port). A repository names the host it means (its
// aws.s3.endpoint, or AWS's regional endpoint s3.<region>.amazonaws.com when it names none, which
// is where the AWS SDK goes); when this table maps that host, requests go to the mapped
// http(s)://host:port instead. Nothing else changes: the statement, SHOW REPOSITORIES and the
// credentials stay as written. It lets documented statements such as
//   CREATE REPOSITORY test_repo WITH BROKER ON LOCATION "s3a://bucket_s3/backup"
//   PROPERTIES ("aws.s3.access_key" = "...", "aws.s3.secret_key" = "...", "aws.s3.region" = "us-east-1");
// run verbatim against an S3-compatible server on a machine without Internet access.
// It is a startup option of the FE (FrontendOptions.objectStoreEndpoints), not a StarRocks config:
// ADMIN SHOW FRONTEND CONFIG does not list it.

/** Host name (lower case) -> http(s)://host:port. */
export type ObjectStoreEndpoints = Readonly<Record<string, string>>;

/** AWS's regional endpoint host, where the SDK sends a request that names no endpoint. */
export function awsRegionalHost(region: string): string {
  return `s3.${region}.amazonaws.com`;
}

/** Checks a table given at startup; throws naming the entry that is wrong and what was expected. */
export function checkObjectStoreEndpoints(endpoints: ObjectStoreEndpoints): ObjectStoreEndpoints {
  const checked: Record<string, string> = {};
  for (const [host, target] of Object.entries(endpoints)) {
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host)) {
      throw new Error(`Invalid object store endpoint mapping '${host}': expected a host name such as s3.us-east-1.amazonaws.com`);
    }
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new Error(`Invalid object store endpoint mapping '${host}' -> '${target}': expected http(s)://host:port`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.username) {
      throw new Error(`Invalid object store endpoint mapping '${host}' -> '${target}': expected http(s)://host:port`);
    }
    checked[host.toLowerCase()] = url.origin;
  }
  return checked;
}
