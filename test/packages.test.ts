// One monitor per cluster package: two monitors on one host, each with its own
// config, state and control endpoint. One package fails over (its monitor stops
// its own targets and exits with the failover code); the other package, its
// monitor and its processes are untouched, and `psv health` tells them apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusResult } from '../src/control/protocol.js';
import { isAlive, monitorFixtures, psvAsync, waitFor, type PsvEvent } from './helpers.js';

const { monitor, sleeper } = monitorFixtures();
const packageMonitor = (prefix: string, targets: string) => monitor(prefix, targets);

async function status(config: string): Promise<StatusResult> {
  const r = await psvAsync(['status', '-c', config, '--json']);
  assert.equal(r.code, 0, `psv status: exit ${r.code}\n${r.stderr}`);
  return JSON.parse(r.stdout) as StatusResult;
}

const up = (name: string) => (e: PsvEvent) => e.target === name && e.event === 'TargetUp';

describe('per-package monitors on one host', () => {
  it('a failover of one package stops only that package; the other keeps its processes and stays healthy', async () => {
    const db = packageMonitor('psv-pkg-db-', `targets:\n  - name: db\n    command: ${sleeper()}\n  - name: db-agent\n    command: ${sleeper()}\n`);
    const web = packageMonitor(
      'psv-pkg-web-',
      `targets:\n  - name: web\n    command: ${sleeper()}\n    restart: { retries: 1, window: 1m }\n    onRetryOver: failover\n  - name: web-cache\n    command: ${sleeper()}\n`,
    );
    const [dbUp] = await db.m.waitEvents('db up', up('db'));
    const [agentUp] = await db.m.waitEvents('db-agent up', up('db-agent'));
    await web.m.waitEvents('web-cache up', up('web-cache'));
    assert.equal((await psvAsync(['health', '-c', db.config])).code, 0);

    // Two kills: one restart within the budget, then retry over -> failover of the web package only.
    for (let i = 1; i <= 2; i++) {
      const ups = await web.m.waitEvents(`web up (${i})`, up('web'), i);
      process.kill(ups[i - 1]!.pid!, 'SIGKILL');
    }
    assert.equal(await web.m.exited, 4, 'the web monitor exits with the failover code');
    const cache = web.m.events().find(up('web-cache'))!;
    await waitFor('web-cache stopped with its package', () => !isAlive(cache.pid!));

    // The other package: same processes, same monitor, healthy.
    const s = await status(db.config);
    assert.deepEqual(
      s.targets.map((t) => [t.name, t.state, t.pid]),
      [
        ['db', 'Running', dbUp!.pid],
        ['db-agent', 'Running', agentUp!.pid],
      ],
    );
    assert.equal(s.monitor.failover, null);
    assert.ok(!db.m.events().some((e) => e.event === 'TargetDown'), 'nothing of the db package went down');
    const dbHealth = await psvAsync(['health', '-c', db.config]);
    assert.equal(dbHealth.code, 0, dbHealth.stdout + dbHealth.stderr);
    const webHealth = await psvAsync(['health', '-c', web.config, '--json']);
    assert.equal(webHealth.code, 3, 'the failed-over package has no monitor on this node any more');
    assert.equal((JSON.parse(webHealth.stdout) as { state: string }).state, 'not-running');
  });
});
