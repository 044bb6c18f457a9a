// The last line of defence for secrets: every log line passes through here before it reaches a
// file or the terminal, and any registered secret value is replaced. Structured fields with
// secret-looking names are also redacted by pino itself (see logger.ts).

export const MASK = '******';

export class SecretScrubber {
  private secrets: string[] = [];

  /** Registers values that must never be written; short values are kept too (a password is a password). */
  add(values: Iterable<string>): void {
    for (const value of values) {
      if (value !== '' && !this.secrets.includes(value)) this.secrets.push(value);
    }
    // Longest first, so a secret that contains another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
      // The same value as it appears inside JSON (quotes, backslashes escaped).
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret && result.includes(escaped)) result = result.split(escaped).join(MASK);
    }
    return result;
  }
}

/** Field names whose values pino redacts before a line is even formatted. */
export const REDACTED_FIELDS = [
  'password',
  'passwd',
  'token',
  'secret',
  'secretKey',
  'src_token',
  '*.password',
  '*.passwd',
  '*.token',
  '*.secret',
  '*.secretKey',
  '*.src_token',
];
