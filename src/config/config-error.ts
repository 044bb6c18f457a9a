// One problem found in a configuration file. The message always names the file, the line (when
// the key is in the file), the key, the value (masked for secrets) and what was expected, so an
// operator can fix it without reading code.

export interface ConfigProblem {
  file: string;
  line?: number;
  key: string;
  /** Already masked when the key holds a secret. */
  shownValue: string;
  expected: string;
}

export function describeProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.key}=${problem.shownValue}: expected ${problem.expected}`;
}

/** Thrown when a configuration cannot be used; carries every problem found, not just the first. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      problems.length === 1
        ? `invalid configuration: ${describeProblem(problems[0]!)}`
        : `invalid configuration (${problems.length} problems):\n` + problems.map((p) => `  ${describeProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** How a value is shown in messages: secrets never appear, empty values are visible as such. */
export function showValue(value: string, secret: boolean): string {
  if (secret) return value === '' ? '(empty)' : '(hidden)';
  return value === '' ? '(empty)' : JSON.stringify(value);
}
