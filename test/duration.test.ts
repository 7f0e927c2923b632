// The duration grammar is stated once in TypeScript (src/config/duration.ts);
// the schema cannot import it, so its copy must be the very same pattern, or
// `psv check` and `psv set` would accept what the loader then fails to parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import schemaJson from '../manifest/config.schema.json' with { type: 'json' };
import { DURATION_PATTERN, parseDuration } from '../src/config/duration.js';

describe('the duration grammar', () => {
  it('is the schema\'s duration pattern, character for character', () => {
    assert.equal(schemaJson.definitions.duration.pattern, DURATION_PATTERN);
  });

  it('reads every unit, the longest unit first (1m500ms is not 1m, 500m and s)', () => {
    assert.equal(parseDuration('1d1h1m1s1ms'), 86_400_000 + 3_600_000 + 60_000 + 1000 + 1);
    assert.equal(parseDuration('1m500ms'), 60_500);
  });
});
