// Fuzz: conf/hosts.properties rules. Whatever the entries hold, parseHostsMapping never throws: each
// entry becomes a rule or one problem that names its line and key and says what was expected, and
// the rules it does keep map addresses to a well-formed host and ports within 1..65535.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mapAddress, parseHostsMapping } from '../../src/config/hosts-mapping.js';
import type { PropertiesFile } from '../../src/config/properties-file.js';
import { budget } from './fuzz-budget.js';
import { nearValidText } from './mutations.js';

const VALID_KEYS = ['SOURCE_192.1.1.1', 'TARGET_fe-0.starrocks.svc.cluster.local', 'source_be-1', 'TARGET_[::1]'];
const VALID_VALUES = ['10.1.1.1', '10.1.2.1;9030:19030', 'host-a;9030:19030,8030:18030', '[fe80::1];8040:18040', 'a.b.c;'];

const entry = fc.record({ key: nearValidText(VALID_KEYS), value: nearValidText(VALID_VALUES) });

test('any hosts entries become rules or problems naming line, key and expectation; never a throw', () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 8 }), fc.integer({ min: 0, max: 70000 }), (entries, port) => {
      const file: PropertiesFile = { path: 'hosts.properties', entries: entries.map((e, i) => ({ ...e, line: i + 1 })), duplicates: [] };
      const { mapping, problems } = parseHostsMapping(file);
      const rules = mapping.source.size + mapping.target.size;
      assert.ok(rules + problems.length <= entries.length, 'at most one outcome per entry');
      for (const problem of problems) {
        const at = entries[problem.line! - 1];
        assert.ok(at !== undefined && at.key === problem.key, `the problem names the line of its key: ${JSON.stringify(problem)}`);
        assert.equal(problem.file, 'hosts.properties');
        assert.ok(problem.expected.length > 0);
      }
      for (const side of ['source', 'target'] as const) {
        for (const [host, rule] of mapping[side]) {
          assert.match(rule.mappedHost, /^[0-9A-Za-z.:_-]+$/, 'a mapped host is a bare host name or IP');
          for (const [from, to] of rule.ports) assert.ok(from >= 1 && from <= 65535 && to >= 1 && to <= 65535, `ports in range: ${from}:${to}`);
          const mapped = mapAddress(mapping, side, { host, port });
          assert.equal(mapped.host, rule.mappedHost);
          assert.equal(mapped.port, rule.ports.get(port) ?? port, 'an unmapped port passes through unchanged');
        }
      }
    }),
    budget('hosts mapping', 1500),
  );
});

// Found by the property above (seed 1500243298): a value with an unmatched '[' was kept as a rule
// whose mapped host was '[fe80::1.', which no resolver can dial.
test('regression: a mapped host with an unmatched bracket is a problem, not a rule', () => {
  for (const value of ['[fe80::1.;8040:18040', '[fe80::1', 'fe80::1]']) {
    const { mapping, problems } = parseHostsMapping({ path: 'hosts.properties', entries: [{ key: 'SOURCE_192.1.1.1', value, line: 1 }], duplicates: [] });
    assert.equal(mapping.source.size, 0, value);
    assert.equal(problems.length, 1, value);
    assert.match(problems[0]!.expected, /a host or IP/);
  }
  const { mapping } = parseHostsMapping({ path: 'hosts.properties', entries: [{ key: 'SOURCE_h', value: '[fe80::1];8040:18040', line: 1 }], duplicates: [] });
  assert.equal(mapping.source.get('h')?.mappedHost, 'fe80::1', 'a bracketed IPv6 address still maps');
});
