// One monitor per config: a short key derived from the config's state folder
// names everything that belongs to one monitor outside it (its default control
// endpoint, the marker its targets' processes carry), so that several
// monitors on one host never meet.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/** 16 hex digits from the resolved stateDir; the same folder always gives the same key. */
export function monitorKey(stateDir: string): string {
  return createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 16);
}
