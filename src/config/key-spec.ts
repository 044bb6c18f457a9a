// The building blocks of the configuration schema: one KeySpec per key of conf/sync.properties.
// A spec knows its documented default, how to turn the raw string into a typed value, what it
// expects (for error messages and the README), whether its value is a secret, and whether a change
// can be applied to a running daemon.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; expected: string };

export type ReloadPolicy = 'live' | 'restart';

export interface KeySpec<T> {
  /** The documented default, exactly as it appears in conf/sync.properties. */
  readonly defaultRaw: string;
  /** One line for the properties file comment and the README. */
  readonly description: string;
  /** What a valid value looks like, in words, e.g. "an integer from 1 to 1000". */
  readonly expected: string;
  readonly secret: boolean;
  readonly reload: ReloadPolicy;
  /** Empty is not allowed when the daemon or check-config runs. */
  readonly required: boolean;
  /** Groups keys in the shipped properties file and the README. */
  readonly section: string;
  parse(raw: string): ParseResult<T>;
}

interface CommonOptions {
  description: string;
  section: string;
  secret?: boolean;
  reload?: ReloadPolicy;
  required?: boolean;
}

function spec<T>(
  defaultRaw: string,
  expected: string,
  options: CommonOptions,
  parse: (raw: string) => ParseResult<T>,
): KeySpec<T> {
  return {
    defaultRaw,
    expected,
    description: options.description,
    section: options.section,
    secret: options.secret ?? false,
    reload: options.reload ?? 'live',
    required: options.required ?? false,
    parse,
  };
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = <T>(expected: string): ParseResult<T> => ({ ok: false, expected });

/** true/false in any letter case; nothing else (no 1/0/yes), so a typo never flips a switch. */
export function parseBoolean(raw: string): boolean | undefined {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

export function bool(defaultValue: boolean, options: CommonOptions): KeySpec<boolean> {
  const expected = 'true or false';
  return spec(String(defaultValue), expected, options, (raw) => {
    const value = parseBoolean(raw);
    return value === undefined ? fail(expected) : ok(value);
  });
}

/** A boolean that may be left empty to mean "same as the source cluster". */
export function optionalBool(options: CommonOptions): KeySpec<boolean | null> {
  const expected = 'true, false, or empty (follow the source cluster)';
  return spec('', expected, options, (raw) => {
    if (raw === '') return ok(null);
    const value = parseBoolean(raw);
    return value === undefined ? fail(expected) : ok(value);
  });
}

export interface IntRange {
  min: number;
  max: number;
  /** -1 is accepted and means this (as documented for some keys, e.g. "no limit"). */
  minusOneMeans?: string;
}

const INTEGER = /^[+-]?\d+$/;

export function int(defaultValue: number, range: IntRange, options: CommonOptions): KeySpec<number> {
  const expected =
    `an integer from ${range.min} to ${range.max}` + (range.minusOneMeans ? `, or -1 for ${range.minusOneMeans}` : '');
  return spec(String(defaultValue), expected, options, (raw) => {
    // Reject 0x10, 1e3, 007-style surprises: only plain decimal integers.
    if (!INTEGER.test(raw)) return fail(expected);
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) return fail(expected);
    if (range.minusOneMeans && value === -1) return ok(value);
    if (value < range.min || value > range.max) return fail(expected);
    return ok(value);
  });
}

/** A host name or IP address; empty only when the key is not required. */
export function host(options: CommonOptions, defaultValue = ''): KeySpec<string> {
  const expected = 'an IP address or host name (FQDN)';
  return spec(defaultValue, expected, options, (raw) => {
    if (raw === '') return ok('');
    // Letters, digits, dots, dashes, underscores; IPv6 literals with colons (optionally bracketed).
    if (!/^(\[?[0-9A-Fa-f:.]+\]?|[A-Za-z0-9._-]+)$/.test(raw)) return fail(expected);
    return ok(raw.replace(/^\[(.*)\]$/, '$1'));
  });
}

export function port(defaultValue: number, options: CommonOptions): KeySpec<number> {
  return int(defaultValue, { min: 1, max: 65535 }, options);
}

/** Free text; `pattern` restricts it where the value ends up in SQL or on the wire. */
export function text(
  defaultValue: string,
  options: CommonOptions & { pattern?: RegExp; patternExpected?: string },
): KeySpec<string> {
  const expected = options.patternExpected ?? 'any text';
  return spec(defaultValue, expected, options, (raw) => {
    if (raw !== '' && options.pattern && !options.pattern.test(raw)) return fail(expected);
    return ok(raw);
  });
}

export function oneOf<const T extends string>(
  defaultValue: T,
  values: readonly T[],
  options: CommonOptions,
): KeySpec<T> {
  const expected = `one of ${values.join(', ')}`;
  return spec(defaultValue, expected, options, (raw) => {
    const found = values.find((v) => v === raw.toLowerCase());
    return found === undefined ? fail(expected) : ok(found);
  });
}
