// psv under Pacemaker, on a real two-node corosync + Pacemaker cluster
// (network namespaces of this test's own, see netns-cluster.ts).
// `npm run test:cluster` runs it (root; the normal `npm test` does not).
//
// The scenario: the group app = (app-ip, a Dummy standing for a service IP;
// app-psv, psv through its OCF agent) runs on node1. A target is killed again
// and again: psv restarts it on node1 as often as its retry rule allows, and
// Pacemaker sees nothing wrong (fail count 0, the group stays). The next kill
// is retry over: psv's Pacemaker adapter fails the resource (crm_resource
// --fail), psv health says failed, and Pacemaker moves the group to node2,
// where psv starts the target.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanup, readEvents, ROOT, tempDir, writeFile, type PsvEvent } from '../helpers.js';
import { clusterSupport, NetnsCluster, type ClusterNode } from './netns-cluster.js';

const RETRIES = 3;
/** psv's Pacemaker adapter action: fail (the default here) tells Pacemaker at once; PSV_CLUSTER_ACTION=report leaves it to the agent's next monitor. */
const ACTION = process.env.PSV_CLUSTER_ACTION === 'report' ? 'report' : 'fail';
const MONITOR_EVERY = '2s';
const DEADLINE_MS = 60_000;

// PSV_REQUIRE_CLUSTER=1 (CI): a machine that cannot run the cluster fails the test instead of skipping it.
const unsupported = clusterSupport();
const required = process.env.PSV_REQUIRE_CLUSTER === '1';
const why = required ? null : unsupported;
const agent = join(ROOT, 'scripts', 'cluster', 'psv.ocf');
const main = join(ROOT, 'dist', 'src', 'cli', 'main.js');

let dir = '';
let cluster: NetnsCluster;
/** The psv folder every node sees at the same path, each its own (a bind mount per node): its config, state and the agent's calls. */
let etcPsv = '';
/** From the first `ip netns add` to both nodes online under a DC. */
let clusterUpMs = 0;

/** What Pacemaker and the test did, and what psv wrote, in time order. */
const timeline: Array<{ at: number; what: string }> = [];
const note = (what: string, at = Date.now()) => timeline.push({ at, what });

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = DEADLINE_MS, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const logs = cluster.nodes.map((n) => `--- ${n.name} pacemaker.log\n${cluster.logTail(n, 25)}`).join('\n');
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function psvConfig(): string {
  return `# The psv config of the cluster package "app" (one monitor per package).
monitor:
  interval: 500ms
  stateDir: state
  # fail: at retry over, tell Pacemaker at once (crm_resource --fail) rather than at its next monitor.
  failover:
    via: pacemaker
    pacemaker: { action: ${ACTION} }
targets:
  - name: worker
    command: ["sleep", "100000"]
    restart:
      retries: ${RETRIES}
      window: 10m
      delay: 500ms
    onRetryOver: failover
`;
}

/** The psv the agent runs: the build under test, noting each verb and its exit code in the node's own folder. */
function psvWrapper(): string {
  const psv = process.env.PSV_EXE ? `"${resolve(process.env.PSV_EXE)}"` : `"${process.execPath}" "${main}"`;
  return `#!/bin/sh
${psv} "$@"
rc=$?
echo "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ) $1 $rc" >>"${etcPsv}/calls.log"
exit $rc
`;
}

const configOf = () => join(etcPsv, 'app.yaml');
const nodeDir = (n: ClusterNode) => join(n.dir, 'psv');
const eventsOf = (n: ClusterNode): PsvEvent[] => readEvents(join(nodeDir(n), 'state', 'events.jsonl'));

/** The verbs the agent ran on a node: time, verb, exit code. */
function callsOf(n: ClusterNode): Array<{ at: number; verb: string; code: number }> {
  const file = join(nodeDir(n), 'calls.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' '))
    .map(([at, verb, code]) => ({ at: Date.parse(at!), verb: verb!, code: Number(code) }));
}

interface WorkerStatus {
  state: string;
  pid: number | null;
  restarts: number;
}

function worker(n: ClusterNode): WorkerStatus | null {
  const r = cluster.exec(n, [join(dir, 'bin', 'psv'), 'status', '-c', configOf(), '--json']);
  if (r.code !== 0) return null;
  const t = (JSON.parse(r.stdout) as { targets: WorkerStatus[] }).targets[0];
  return t ?? null;
}

/** The cluster's side of the recipe, as `crm configure` reads it. */
function crmConfig(): string {
  return `primitive app-ip ocf:pacemaker:Dummy op monitor interval=${MONITOR_EVERY}
primitive app-psv ocf:psv:psv params config=${configOf()} binary=${join(dir, 'bin', 'psv')} op monitor interval=${MONITOR_EVERY} timeout=30s meta migration-threshold=1
group app app-ip app-psv
location app-prefers-node1 app 100: node1
commit
`;
}

/** Whether a process runs in a node's network namespace. */
function inNode(pid: number, n: ClusterNode): boolean {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`) === readlinkSync(`/proc/${n.holder.pid}/ns/net`);
  } catch {
    return false;
  }
}

before(async () => {
  if (why) return;
  if (unsupported) throw new Error(`PSV_REQUIRE_CLUSTER=1 but the cluster cannot run here: ${unsupported}`);
  dir = tempDir('psv-cluster-');
  etcPsv = join(dir, 'etc-psv');
  mkdirSync(etcPsv);
  mkdirSync(join(dir, 'bin'));
  writeFile(join(dir, 'bin', 'psv'), psvWrapper(), true);
  cluster = new NetnsCluster({ dir, nodes: 2, nodeMounts: { [etcPsv]: 'psv' }, agents: { psv: { psv: agent } } });
  for (const n of [1, 2]) {
    mkdirSync(join(dir, `node${n}`, 'psv'), { recursive: true });
    writeFileSync(join(dir, `node${n}`, 'psv', 'app.yaml'), psvConfig());
  }
  const t0 = Date.now();
  await cluster.start();
  clusterUpMs = Date.now() - t0;
});

after(async () => {
  if (why) return;
  const t0 = Date.now();
  await cluster?.stop();
  if (cluster) console.log(`cluster stopped and removed in ${Date.now() - t0} ms`);
  if (process.env.PSV_KEEP_CLUSTER_DIR) console.log(`cluster folder kept: ${dir}`);
  else if (dir) cleanup(dir);
});

test('Pacemaker: psv restarts on node1 within its retries, then the group fails over to node2', { skip: why ?? false, timeout: 240_000 }, async () => {
  const [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];

  // The cluster side: the recipe's crm configuration (docs/clusters.md), committed at once
  // so that the group starts where its location constraint wants it.
  note('crm configure: app-ip, app-psv, group app, location app-prefers-node1');
  cluster.must(node1, ['crm', 'configure'], crmConfig());
  note('crm configure: committed');

  const first = await until('the group app started on node1 with the worker running', () => {
    if (cluster.resourceNodes('app-psv').join() !== 'node1') return null;
    const w = worker(node1);
    return w?.state === 'Running' && w.pid ? w.pid : null;
  });
  assert.equal(cluster.resourceNodes('app-ip').join(), 'node1');
  note(`app started on node1: worker pid ${first}`);

  // Within the retries: psv restarts on node1; Pacemaker keeps the group there.
  let pid = first;
  const pids = [first];
  for (let k = 1; k <= RETRIES; k++) {
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    note(`kill ${k}: worker pid ${pid} killed (SIGKILL) on node1`, killedAt);
    pid = await until(`psv's restart ${k} on node1`, () => {
      const w = worker(node1);
      return w?.state === 'Running' && w.pid && w.pid !== pid ? w.pid : null;
    });
    pids.push(pid);
    // At least one monitor of Pacemaker's after the restart, and the cluster still calm.
    await until(`a Pacemaker monitor after restart ${k}`, () => callsOf(node1).some((c) => c.verb === 'health' && c.at > killedAt && c.code === 0));
    assert.equal(cluster.resourceNodes('app-psv').join(), 'node1', `restart ${k}: the group stays on node1`);
    assert.equal(cluster.failCount('app-psv', node1), 0, `restart ${k}: Pacemaker counts no failure`);
  }

  // One more: retry over. psv gives up and fails the resource; Pacemaker moves the group.
  process.kill(pid, 'SIGKILL');
  note(`kill ${RETRIES + 1}: worker pid ${pid} killed (SIGKILL) on node1`);
  const moved = await until('the group app active on node2 with the worker running there', () => {
    if (cluster.resourceNodes('app-psv').join() !== 'node2') return null;
    const w = worker(node2);
    return w?.state === 'Running' && w.pid ? w.pid : null;
  });
  note(`crm_mon: app-ip and app-psv on node2 (worker pid ${moved})`);

  assert.equal(cluster.resourceNodes('app-ip').join(), 'node2', 'the whole group moved');
  assert.ok(!pids.includes(moved), `a new worker on node2 (pid ${moved}), not one of node1's (${pids.join(', ')})`);
  assert.ok(inNode(moved, node2), `pid ${moved} runs inside node2`);
  assert.ok(cluster.failCount('app-psv', node1) >= 1, 'Pacemaker counted the failure on node1');

  const ev1 = eventsOf(node1);
  const ev2 = eventsOf(node2);
  assert.equal(ev1.filter((e) => e.event === 'RestartAttempt').length, RETRIES, `psv restarted ${RETRIES} times on node1`);
  assert.ok(ev1.some((e) => e.event === 'RetryOver'), 'RetryOver on node1');
  const requested = ev1.find((e) => e.event === 'FailoverRequested');
  assert.ok(requested, `FailoverRequested on node1 (events: ${ev1.map((e) => e.event).join(', ')})`);
  if (ACTION === 'fail') assert.match(requested.message, /crm_resource --fail --resource app-psv --node node1 \(exit 0\)/);
  assert.ok(ev1.some((e) => e.event === 'MonitorStopped'), "Pacemaker stopped node1's monitor");
  assert.ok(ev2.some((e) => e.event === 'TargetUp' && e.pid === moved), `TargetUp pid=${moved} on node2`);

  // The timeline, from psv's events and the agent's calls.
  const at = (e: PsvEvent) => Date.parse(e.time);
  const killedAt = timeline.filter((t) => t.what.startsWith('kill ')).map((t) => t.at);
  for (const e of ev1.filter((x) => x.event === 'TargetUp' && x.pid !== first)) note(`node1 psv: ${e.message}`, at(e));
  for (const e of ev1.filter((x) => ['RetryOver', 'FailoverRequested', 'FailoverFailed', 'MonitorStopped'].includes(x.event))) note(`node1 psv: ${e.message}`, at(e));
  const calls1 = callsOf(node1);
  const failed = calls1.find((c) => c.verb === 'health' && c.code === 4 && c.at > killedAt.at(-1)!);
  if (failed) note('node1 agent: monitor → psv health exit 4 (failed) → OCF_ERR_GENERIC', failed.at);
  const stop1 = calls1.find((c) => c.verb === 'stop' && c.at > killedAt.at(-1)!);
  if (stop1) note(`node1 agent: stop → psv stop returned ${stop1.code}`, stop1.at);
  const start2 = callsOf(node2).find((c) => c.verb === 'start');
  if (start2) note(`node2 agent: start → psv start returned ${start2.code}`, start2.at);
  for (const e of ev2.filter((x) => x.event === 'TargetUp')) note(`node2 psv: ${e.message}`, at(e));
  const monAfterFailover = cluster.exec(node1, ['crm_mon', '-1', '--include=failcounts']).stdout;

  // The operator's recovery: once node1 is fixed, clear its failure; the group goes back
  // (its location preference) and psv starts there with its whole retry budget again.
  note('crm resource cleanup app-psv (the operator, node1 fixed)');
  cluster.must(node1, ['crm', 'resource', 'cleanup', 'app-psv']);
  const back = await until('the group app back on node1 with the worker running', () => {
    if (cluster.resourceNodes('app-psv').join() !== 'node1' || cluster.resourceNodes('app-ip').join() !== 'node1') return null;
    const w = worker(node1);
    return w?.state === 'Running' && w.pid ? w : null;
  });
  note(`crm_mon: app back on node1 (worker pid ${back.pid})`);
  assert.equal(back.restarts, 0, 'node1 starts over with its whole retry budget');
  assert.equal(cluster.failCount('app-psv', node1), 0, 'the cleanup cleared the fail count');
  assert.equal(worker(node2), null, "node2's monitor was stopped");
  for (const e of eventsOf(node1).filter((x) => x.event === 'TargetUp' && x.pid === back.pid)) note(`node1 psv: ${e.message}`, at(e));

  const degraded = calls1.filter((c) => c.verb === 'health' && c.code === 6).length;
  timeline.sort((a, b) => a.at - b.at);
  const t0 = killedAt[0]!;
  const lines = timeline.map((t) => `${((t.at - t0) / 1000).toFixed(2).padStart(7)} s  ${new Date(t.at).toISOString().slice(11, 23)}  ${t.what}`);

  console.log(`\ncrm_mon after the failover:\n${monAfterFailover}`);
  console.log(`cluster online (2 nodes, a DC) in ${clusterUpMs} ms`);
  console.log(`timeline (from the first kill; ${degraded} monitor calls answered degraded = OCF_SUCCESS):\n${lines.join('\n')}\n`);
});
