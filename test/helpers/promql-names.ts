// The metric names and label matchers a PromQL expression reads, so a test can hold the alert rules
// and the dashboard to the names the daemon exports. Not a PromQL parser: promtool checks the
// syntax; this only has to find the selectors in the expressions this repository ships, and
// the tests assert it finds some in each.

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface Selector {
  metric: string;
  matchers: Matcher[];
}

const IDENTIFIER = '[A-Za-z_:][A-Za-z0-9_:]*';
const STRING = '"(?:[^"\\\\]|\\\\.)*"';
/** Keywords that look like names: set operators, modifiers. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

function matchersOf(body: string, strings: string[]): Matcher[] {
  return [...body.matchAll(new RegExp(`(${IDENTIFIER})\\s*(=~|!~|!=|=)\\s*"(\\d+)"`, 'g'))].map((m) => ({
    label: m[1]!,
    op: m[2] as Matcher['op'],
    value: strings[Number(m[3])]!,
  }));
}

/** Every metric selector of the expression: a name, with the matchers in its braces. */
export function selectorsOf(expr: string): Selector[] {
  // Strings first, each replaced by its index: braces, brackets and names inside them are text.
  const strings: string[] = [];
  const masked = expr.replace(new RegExp(STRING, 'g'), (literal) => `"${strings.push(JSON.parse(literal) as string) - 1}"`);
  // Label lists (by, without, on, ignoring, group_*) hold label names, ranges hold durations.
  const bare = masked.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  const selectors: Selector[] = [];
  const token = new RegExp(`"\\d+"|(${IDENTIFIER})(?![A-Za-z0-9_:])(\\s*\\{[^}]*\\})?(\\s*\\()?`, 'g');
  for (const m of bare.matchAll(token)) {
    const [, name, braces, call] = m;
    if (name === undefined || call !== undefined || KEYWORDS.has(name.toLowerCase())) continue;
    // A number's exponent (1e3) starts inside the number: not a name.
    if (m.index! > 0 && /[0-9.]/.test(bare[m.index! - 1]!)) continue;
    selectors.push({ metric: name, matchers: braces ? matchersOf(braces, strings) : [] });
  }
  return selectors;
}
