// The monitor's own heap compaction after start-up (src/engine/heap.ts).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { compactHeapWhenSettled } from '../src/engine/heap.js';
import { waitFor } from './helpers.js';

const g = globalThis as { gc?: unknown };
const original = g.gc;
afterEach(() => {
  g.gc = original;
});

describe('heap compaction', () => {
  it('does nothing without an exposed gc (V8 memory reducer then does it)', () => {
    g.gc = undefined;
    assert.equal(compactHeapWhenSettled(() => true), false);
  });

  it('waits until the targets are started, then runs one thorough collection', async () => {
    const calls: unknown[] = [];
    g.gc = (options: unknown) => calls.push(options);
    let settled = false;
    let asked = 0;
    assert.equal(
      compactHeapWhenSettled(() => (asked++, settled)),
      true,
    );
    await waitFor('three looks at the targets', () => asked >= 3 || undefined, 5000);
    assert.equal(calls.length, 0, 'not while targets are still starting');
    settled = true;
    await waitFor('the collection', () => calls.length === 1 || undefined, 5000);
    assert.deepEqual(calls[0], { type: 'major', execution: 'sync', flavor: 'last-resort' });
  });

  it('a second request before the first ran makes one collection, not two', async () => {
    const calls: unknown[] = [];
    g.gc = (options: unknown) => calls.push(options);
    let firstAsked = 0;
    compactHeapWhenSettled(() => (firstAsked++, true));
    compactHeapWhenSettled(() => true);
    await waitFor('the collection', () => calls.length >= 1 || undefined, 5000);
    assert.equal(firstAsked, 0, 'the first request was replaced before it looked');
    assert.equal(calls.length, 1);
  });
});
