// The console page's pure parts, without a browser: the add-a-target edit of the
// YAML (comments, order and quoting kept) and the dependency graph's layout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { addTarget, AddTargetError } from '../src/console/ui/add-target.js';
import { layout } from '../src/console/ui/graph-layout.js';

const CONFIG = `# top comment
monitor:
  interval: 2s # inline comment
targets:
  # the database first
  - name: db
    command: ["postgres", "-D", "/var/lib/pg"]
    env: { PGPORT: "5432" }
  - name: web
    command: 'node web.js'
groups:
  - name: front
    members:
      - web
`;

test('addTarget appends the target and keeps every comment, key order and quoting', () => {
  const out = addTarget(CONFIG, { name: 'api', command: 'node api.js --port 8080', retries: 2, window: '10m', heartbeat: '30s' });
  // Everything that was there is still there, byte for byte, before the new entry.
  const before = out.slice(0, out.indexOf('  - name: api'));
  for (const line of ['# top comment', '  interval: 2s # inline comment', '  # the database first', "    command: 'node web.js'", '    env: { PGPORT: "5432" }']) {
    assert.ok(before.includes(line), `kept: ${line}\n${out}`);
  }
  const parsed = parse(out);
  assert.deepEqual(
    parsed.targets.map((t: { name: string }) => t.name),
    ['db', 'web', 'api'],
  );
  assert.deepEqual(parsed.targets[2], { name: 'api', command: 'node api.js --port 8080', restart: { retries: 2, window: '10m' }, stall: { heartbeat: '30s' } });
  assert.ok(out.indexOf('name: api') < out.indexOf('groups:'), 'added at the end of targets, before groups');
});

test('addTarget puts the target into an existing group or a new one', () => {
  const joined = parse(addTarget(CONFIG, { name: 'api', match: 'java', group: 'front' }));
  assert.deepEqual(joined.groups, [{ name: 'front', members: ['web', 'api'] }]);
  assert.equal(joined.targets[2].match, 'java');
  const created = addTarget(CONFIG, { name: 'api', command: 'x', group: 'back' });
  assert.deepEqual(parse(created).groups[1], { name: 'back', members: ['api'] });
  assert.match(created, /- name: back\n\s+members: \[ ?api ?\]/);
});

test('addTarget starts the list in an empty or missing config, refuses duplicates and broken YAML', () => {
  assert.deepEqual(parse(addTarget('targets: []\n', { name: 'a', command: 'sleep 9' })), { targets: [{ name: 'a', command: 'sleep 9' }] });
  assert.deepEqual(parse(addTarget('', { name: 'a', command: 'sleep 9' })), { targets: [{ name: 'a', command: 'sleep 9' }] });
  assert.throws(() => addTarget(CONFIG, { name: 'web', command: 'x' }), (e: unknown) => e instanceof AddTargetError && e.reason === 'duplicate');
  assert.throws(() => addTarget('targets: [\n', { name: 'a', command: 'x' }), (e: unknown) => e instanceof AddTargetError && e.reason === 'unparsable');
});

test('layout puts what a target needs to its left, groups left of their members, and survives a cycle', () => {
  const nodes = [
    { id: 'target:web', kind: 'target' as const, label: 'web' },
    { id: 'target:db', kind: 'target' as const, label: 'db' },
    { id: 'target:cache', kind: 'target' as const, label: 'cache' },
    { id: 'group:front', kind: 'group' as const, label: 'front' },
  ];
  const edges = [
    { from: 'target:web', to: 'target:db', kind: 'after' as const },
    { from: 'target:web', to: 'target:cache', kind: 'after' as const },
    { from: 'group:front', to: 'target:web', kind: 'member' as const },
  ];
  const placed = new Map(layout(nodes, edges).nodes.map((n) => [n.id, n]));
  assert.ok(placed.get('target:db')!.x < placed.get('target:web')!.x);
  assert.ok(placed.get('target:cache')!.x < placed.get('target:web')!.x);
  assert.ok(placed.get('group:front')!.x < placed.get('target:web')!.x);
  assert.notEqual(placed.get('target:db')!.y, placed.get('target:cache')!.y, 'two nodes of one layer do not overlap');

  const cycle = layout(nodes.slice(0, 2), [
    { from: 'target:web', to: 'target:db', kind: 'after' },
    { from: 'target:db', to: 'target:web', kind: 'after' },
  ]);
  assert.equal(cycle.nodes.length, 2);
});
