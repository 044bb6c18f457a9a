// Reads Prometheus exposition text with the reference tools rather than with a parser of our own:
// the official Python client's parser (Debian's python3-prometheus-client) for the values, and
// promtool (Debian's prometheus package) for the format and naming conventions.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function pythonParserMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import prometheus_client'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'python3-prometheus-client is not installed (apt-get install python3-prometheus-client)';
}

export function promtoolMissing(): string | undefined {
  return existsSync('/usr/bin/promtool') ? undefined : 'promtool is not installed (apt-get install prometheus)';
}

const PARSE = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        # As text: JSON has no NaN nor infinities, which a gauge may hold (an empty event-loop histogram's mean).
        out.append({"name": s.name, "labels": s.labels, "value": repr(float(s.value)), "type": family.type})
print(json.dumps(out))
`;

/** How Python's repr() writes the floats JSON cannot hold. */
const PYTHON_SPECIAL_FLOATS: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };

/** Every sample of the text, as the Python client parses it; throws with the parser's error when the text is not valid. */
export function parseExposition(text: string): (Sample & { type: string })[] {
  const run = spawnSync(PYTHON, ['-c', PARSE], { input: text, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the exposition text does not parse: ${run.stderr}`);
  const samples = JSON.parse(run.stdout) as (Omit<Sample, 'value'> & { value: string; type: string })[];
  return samples.map((s) => ({ ...s, value: PYTHON_SPECIAL_FLOATS[s.value] ?? Number(s.value) }));
}

/** promtool check metrics: exit status and what it complained about (empty when nothing). */
export function promtoolCheckMetrics(text: string): { status: number | null; output: string } {
  const run = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}
