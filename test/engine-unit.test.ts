// Targets and groups on a fake clock, with fake processes: backoff, retry over,
// restart types and group strategies in milliseconds. The end-to-end tests
// (engine, groups, crashloop) prove the same with real processes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupConfig, TargetConfig } from '../src/config/types.js';
import type { TargetStatusInfo } from '../src/control/protocol.js';
import type { EscalationRequest } from '../src/engine/escalation-port.js';
import { Group, type GroupHost } from '../src/engine/group.js';
import { RestartAfterDependency } from '../src/engine/ordering.js';
import { TargetState } from '../src/engine/states.js';
import { Supervised, type FailureContext, type PersistedTarget, type TargetHost } from '../src/engine/supervised.js';
import { ExitEscalation } from '../src/escalation/exit.js';
import { EXIT } from '../src/errors.js';
import { EventBus, type EventRecord } from '../src/events/bus.js';
import type { Platform } from '../src/platform/index.js';
import { FakeClock } from './fake-timers.js';
import { targetConfig, tempDir } from './helpers.js';


/** A target whose process is a flag: it "runs" when started and recovered, and fails when told. */
class FakeTarget extends Supervised {
  recovered = 0;

  up(): void {
    this.moveTo(TargetState.Starting);
    this.pid = 4242;
    this.startedAt = this.host.now();
    this.moveTo(TargetState.Running);
    this.becameUp();
  }

  exit(code: number): void {
    this.pid = null;
    this.moveTo(TargetState.Backoff);
    this.failed({ deadPid: 4242, exitCode: code, reason: `exit code ${code}` });
  }

  protected recover(_failure: FailureContext): void {
    this.recovered++;
    this.up();
  }

  tick(): void {}
  start(): void {
    this.up();
  }
  async restart(): Promise<void> {}
  async stop(): Promise<void> {}
  release(): void {}
  snapshot(): PersistedTarget {
    return this.baseSnapshot('');
  }
  resume(): void {}
  specChanged(): boolean {
    return false;
  }
  statusDetail(): Pick<TargetStatusInfo, 'kind' | 'instances' | 'service'> {
    return { kind: 'command', instances: [], service: null };
  }
}

function events(): { bus: EventBus; seen: EventRecord[]; names: () => string[] } {
  const seen: EventRecord[] = [];
  return { bus: new EventBus([{ write: (r) => seen.push(r) }]), seen, names: () => seen.map((r) => r.event) };
}

function targetHarness(config: TargetConfig) {
  const clock = new FakeClock();
  const ev = events();
  const escalated: EscalationRequest[] = [];
  const host: TargetHost = {
    platform: {} as Platform,
    events: ev.bus,
    logDir: tempDir(),
    logMaxBytes: 1 << 20,
    logKeep: 1,
    now: clock.now,
    timers: clock,
    escalate: (r) => escalated.push(r),
    changed: () => undefined,
    pollingChanged: () => undefined,
    processTable: async () => [],
    memberDown: () => false,
    ready: () => undefined,
    recorder: null,
    notifyEnv: () => ({}),
    targetId: (name) => `test/${name}`,
    signalDescendants: () => undefined,
  };
  const target = new FakeTarget(config, host);
  target.start();
  return { clock, ev, escalated, target };
}

describe('a target on a fake clock', () => {
  it('backoff: each restart waits delay × factor^(n-1), and not a millisecond less', async () => {
    const { clock, ev, target } = targetHarness(targetConfig({ delayMs: 1000 }));
    await clock.advance(5000); // a run long enough to be no crash loop
    target.exit(1);
    assert.equal(target.state, TargetState.Backoff);
    await clock.advance(999);
    assert.equal(target.recovered, 0);
    await clock.advance(1);
    assert.equal(target.recovered, 1);
    await clock.advance(5000);
    target.exit(1);
    await clock.advance(1999);
    assert.equal(target.recovered, 1);
    await clock.advance(1);
    assert.equal(target.recovered, 2);
    assert.deepEqual(
      ev.seen.filter((r) => r.event === 'RestartAttempt').map((r) => [r.attempt, r.delayMs]),
      [[1, 1000], [2, 2000]],
    );
  });

  it('a crash loop waits at least the floor, even with no delay', async () => {
    const { clock, target } = targetHarness(targetConfig());
    target.exit(1); // at once: a run of 0 ms
    await clock.advance(99);
    assert.equal(target.recovered, 0);
    await clock.advance(1);
    assert.equal(target.recovered, 1);
  });

  it('retry over with failover: RetryOver, state Failed, one escalation request for the target', async () => {
    const { clock, ev, escalated, target } = targetHarness(targetConfig({ retries: 1 }, 'failover'));
    await clock.advance(5000);
    const firstFailure = clock.now();
    target.exit(1);
    await clock.advance(0);
    assert.equal(target.recovered, 1);
    await clock.advance(5000);
    target.exit(1);
    assert.equal(target.state, TargetState.Failed);
    const history = { restarts: [firstFailure], retries: 1, windowMs: target.config.restart.windowMs };
    assert.deepEqual(escalated, [{ scope: 'target', name: 'app', reason: 'retry over', target: 'app', group: null, history }]);
    assert.equal(ev.seen.find((r) => r.event === 'RetryOver')?.action, 'failover');
  });

  it('retry over with continue: restarts at the maximum backoff, RetryOver reported once', async () => {
    const { clock, ev, target } = targetHarness(targetConfig({ retries: 1, backoff: { factor: 2, maxMs: 3000 } }, 'continue'));
    for (let i = 0; i < 3; i++) {
      await clock.advance(5000);
      target.exit(1);
    }
    await clock.advance(2999);
    assert.equal(target.recovered, 2);
    await clock.advance(1);
    assert.equal(target.recovered, 3);
    assert.equal(ev.names().filter((n) => n === 'RetryOver').length, 1);
  });

  it('the window: a restart older than it frees its place', async () => {
    const { clock, ev, target } = targetHarness(targetConfig({ retries: 1, windowMs: 10_000 }));
    await clock.advance(5000);
    target.exit(1);
    await clock.advance(10_000);
    target.exit(1);
    assert.equal(target.state, TargetState.Running, 'the first restart is exactly one window old: it no longer counts');
    assert.equal(target.recovered, 2);
    assert.equal(ev.names().includes('RetryOver'), false);
  });

  it('transient: a clean exit leaves it stopped (TargetNotRestarted), a failed one is restarted', async () => {
    const { clock, ev, target } = targetHarness(targetConfig({ type: 'transient' }));
    await clock.advance(5000);
    target.exit(1);
    await clock.advance(0);
    assert.equal(target.recovered, 1);
    await clock.advance(5000);
    target.exit(0);
    await clock.advance(60_000);
    assert.equal(target.state, TargetState.Stopped);
    assert.equal(target.recovered, 1);
    const note = ev.seen.find((r) => r.event === 'TargetNotRestarted');
    assert.equal(note?.restartType, 'transient');
  });

  it('temporary: never restarted', async () => {
    const { clock, ev, target } = targetHarness(targetConfig({ type: 'temporary' }));
    target.exit(1);
    await clock.advance(60_000);
    assert.equal(target.state, TargetState.Stopped);
    assert.equal(target.recovered, 0);
    assert.equal(ev.names().includes('RestartAttempt'), false);
  });
});

function groupConfig(strategy: GroupConfig['strategy'], over: Partial<GroupConfig['restart']> = {}, onRetryOver: GroupConfig['onRetryOver'] = 'stop'): GroupConfig {
  return { name: 'g', members: ['db', 'app', 'web'], strategy, restart: { retries: 2, windowMs: 60_000, delayMs: 500, backoff: { factor: 2, maxMs: 10_000 }, ...over }, onRetryOver, dependsOn: [], on: {} };
}

function groupHarness(config: GroupConfig) {
  const clock = new FakeClock();
  const ev = events();
  const calls: string[] = [];
  const escalated: EscalationRequest[] = [];
  const host: GroupHost = {
    events: ev.bus,
    now: clock.now,
    timers: clock,
    graph: () => new Map([['db', []], ['app', ['db']], ['web', ['app']]]),
    stopInOrder: async (names) => void calls.push(`stop ${names.join(',')}`),
    startInOrder: (names) => void calls.push(`start ${names.join(',')}`),
    escalate: (r) => escalated.push(r),
  };
  const member = (name: string, delayMs = 0) => ({ name, claimRestart: () => ({ attempt: 1, delayMs }) });
  return { clock, ev, calls, escalated, group: new Group(config, host), member };
}

describe('a group on a fake clock', () => {
  it('all: every member stops, and starts again after the group delay', async () => {
    const { clock, calls, group, member } = groupHarness(groupConfig('all'));
    assert.equal(group.memberDown(member('app')), true);
    await clock.advance(0);
    assert.deepEqual(calls, ['stop db,app,web']);
    assert.equal(group.state, 'Restarting');
    assert.equal(group.memberDown(member('db')), true, 'a member going down during the restart is part of it');
    await clock.advance(499);
    assert.deepEqual(calls, ['stop db,app,web']);
    await clock.advance(1);
    assert.deepEqual(calls, ['stop db,app,web', 'start db,app,web']);
    assert.equal(group.state, 'Running');
  });

  it('rest: the failed member and what depends on it; the wait is the longer of the group delay and the member claim', async () => {
    const { clock, calls, ev, group, member } = groupHarness(groupConfig('rest'));
    group.memberDown(member('app', 800));
    await clock.advance(799);
    assert.deepEqual(calls, ['stop app,web']);
    await clock.advance(1);
    assert.deepEqual(calls, ['stop app,web', 'start app,web']);
    assert.equal(ev.seen.find((r) => r.event === 'GroupRestart')?.delayMs, 800);
  });

  it('one: the member handles its own failure', () => {
    const { calls, group, member } = groupHarness(groupConfig('one'));
    assert.equal(group.memberDown(member('app')), false);
    assert.deepEqual(calls, []);
  });

  it('a member over its own retries: the group does not restart', () => {
    const { calls, group } = groupHarness(groupConfig('all'));
    assert.equal(group.memberDown({ name: 'app', claimRestart: () => null }), true);
    assert.deepEqual(calls, []);
  });

  it('group retry over with failover: GroupRetryOver, every member stopped, one escalation for the group', async () => {
    const { clock, ev, calls, escalated, group, member } = groupHarness(groupConfig('all', { retries: 1 }, 'failover'));
    const firstFailure = clock.now();
    group.memberDown(member('app'));
    await clock.advance(1000);
    group.memberDown(member('web'));
    await clock.advance(0);
    assert.equal(group.state, 'Failed');
    assert.equal(calls.at(-1), 'stop db,app,web');
    const history = { restarts: [firstFailure], retries: 1, windowMs: group.config.restart.windowMs };
    assert.deepEqual(escalated, [{ scope: 'group', name: 'g', reason: 'retry over', target: 'web', group: 'g', history }]);
    assert.equal(ev.seen.find((r) => r.event === 'GroupRetryOver')?.action, 'failover');
    group.reset();
    assert.equal(group.state, 'Running');
    assert.equal(calls.at(-1), 'start db,app,web');
  });

  it('close during the delay: nothing starts', async () => {
    const { clock, calls, group, member } = groupHarness(groupConfig('all'));
    group.memberDown(member('app'));
    await clock.advance(100);
    group.close();
    await clock.advance(10_000);
    assert.deepEqual(calls, ['stop db,app,web']);
  });
});

describe('the exit escalation adapter', () => {
  it('reports Failover, stops everything, and asks for the failover exit code', async () => {
    const ev = events();
    const reasons: string[] = [];
    const outcome = await new ExitEscalation(ev.bus).escalate({ scope: 'group', name: 'g', reason: 'retry over', target: 'a', group: 'g', history: { restarts: [], retries: 1, windowMs: 1000 } }, { shutdown: async (r) => void reasons.push(r) });
    assert.deepEqual(outcome, { kind: 'exit', exitCode: EXIT.failover });
    assert.equal(EXIT.failover, 4);
    assert.deepEqual(reasons, ['failover requested by group g']);
    assert.equal(ev.seen[0]?.event, 'Failover');
    assert.equal(ev.seen[0]?.target, 'group g');
  });
});

describe('dependsOn outside a group', () => {
  const fake = (name: string, state: string, startedAt: number, group: string | null = null) => {
    const t = { name, state, startedAt, config: { kind: 'command', group }, restarts: [] as string[], restart: async (reason: string) => void t.restarts.push(reason) };
    return t;
  };

  it('a running dependant is restarted once what it needs is ready again; one in the same group, or back by itself, is not', () => {
    const clock = new FakeClock();
    const app = fake('app', TargetState.Running, clock.now() - 10_000);
    const web = fake('web', TargetState.Running, clock.now() - 10_000);
    const sibling = fake('sibling', TargetState.Running, clock.now() - 10_000, 'g');
    const db = fake('db', TargetState.Backoff, clock.now() - 10_000, 'g');
    const targets = new Map<string, unknown>([['db', db], ['app', app], ['web', web], ['sibling', sibling]]) as unknown as ConstructorParameters<typeof RestartAfterDependency>[1];
    const graph = new Map([['db', []], ['app', ['db']], ['web', ['db']], ['sibling', ['db']]]);
    const after = new RestartAfterDependency(() => graph, targets, clock.now);
    after.failed('db');
    web.startedAt = clock.now() + 1; // it failed too, and came back by itself
    after.ready('db');
    assert.deepEqual(app.restarts, ["dependency 'db' restarted"]);
    assert.deepEqual(web.restarts, []);
    assert.deepEqual(sibling.restarts, [], 'within a group the strategy decides');
    after.ready('db');
    assert.equal(app.restarts.length, 1, 'once per failure');
  });
});
