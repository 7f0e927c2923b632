// The dependency graph as pure functions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCycle, longestChain, startOrder, stopOrder, withDependants } from '../src/policy/graph.js';

const g = (o: Record<string, string[]>) => new Map(Object.entries(o));

describe('dependency graph', () => {
  it('orders dependencies first, keeping the given order among free nodes', () => {
    const graph = g({ web: ['app'], app: ['db'], db: [], cron: [] });
    assert.deepEqual(startOrder(graph), ['db', 'cron', 'app', 'web']);
    assert.deepEqual(stopOrder(graph), ['web', 'app', 'cron', 'db']);
    assert.deepEqual(startOrder(graph, ['web', 'app']), ['app', 'web'], 'only the named nodes, dependencies outside ignored');
  });

  it('weighs the heaviest chain of dependencies (how long stopping in order can take)', () => {
    const graph = g({ web: ['app'], app: ['db'], db: [], cron: [] });
    const w: Record<string, number> = { web: 1, app: 10, db: 100, cron: 500 };
    assert.equal(longestChain(graph, ['web', 'app', 'db', 'cron'], (n) => w[n]!), 500);
    assert.equal(longestChain(graph, ['web', 'app', 'db'], (n) => w[n]!), 111);
    assert.equal(longestChain(graph, ['web', 'db'], (n) => w[n]!), 100, 'a dependency outside the set does not count');
    assert.equal(longestChain(graph, [], () => 1), 0);
    const cyclic = longestChain(g({ a: ['b'], b: ['a'] }), ['a', 'b'], () => 1);
    assert.ok(Number.isFinite(cyclic) && cyclic >= 2, `a cycle is cut, not followed forever (${cyclic})`);
  });

  it('finds a cycle as the path that closes it', () => {
    assert.deepEqual(findCycle(g({ a: ['b'], b: ['a'] })), ['a', 'b', 'a']);
    assert.deepEqual(findCycle(g({ a: ['b'], b: ['c'], c: ['b'] })), ['b', 'c', 'b']);
    assert.deepEqual(findCycle(g({ a: ['a'] })), ['a', 'a']);
    assert.equal(findCycle(g({ a: ['b'], b: [] })), null);
  });

  it('finds everything that depends on a node, within a set', () => {
    const graph = g({ db: [], app: ['db'], web: ['app'], batch: ['db'] });
    assert.deepEqual([...withDependants(graph, 'app', new Set(['db', 'app', 'web', 'batch']))].sort(), ['app', 'web']);
    assert.deepEqual([...withDependants(graph, 'db', new Set(['db', 'app', 'web']))].sort(), ['app', 'db', 'web']);
  });
});
