// Passwords and keys the suite uses. The final check (test/final) greps every log file the suite
// wrote for each of them: none may appear.
export const TEST_SECRETS = {
  sourcePassword: 'src-Pa55word!x9',
  targetPassword: 'tgt-Pa55word!y8',
  secretKey: 'k3y-for-AES-test',
  token: 'tok-8f0c2a51-6e0d-4c1b-9b7e-2d5f3c9a1e77',
  /** The secret key of backup repositories (the test S3 server accepts any). */
  s3SecretKey: 's3-Secr3t-k9Qz+7vW/backup',
  /** The HTTP API's bearer token. */
  httpToken: 'http-T0ken-4b9e2c7a1f3d5e8b',
} as const;

export const ALL_TEST_SECRETS: readonly string[] = Object.values(TEST_SECRETS);
