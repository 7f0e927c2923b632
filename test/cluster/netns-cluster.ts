// A corosync + Pacemaker cluster of N nodes on this one machine, for tests.
// Each node lives in its own network namespace (the test's own, joined by a
// veth pair; addresses exist only inside them) and its own mount and UTS
// namespace, where the cluster's files are private (bind mounts of the test's
// folders) and /run and /dev/shm are fresh tmpfs (libqb's IPC lives there).
// corosync and pacemakerd run in the foreground as children of the test;
// cluster clients run inside a node through nsenter. Needs root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../helpers.js';

export interface ClusterNode {
  /** The node's name in the cluster (and its host name). */
  name: string;
  netns: string;
  addr: string;
  /** The node's own folder: the sources of its private mounts. */
  dir: string;
  /** A process that holds the node's namespaces; everything else enters them through it. */
  holder: ChildProcess;
  daemons: ChildProcess[];
}

export interface ClusterOptions {
  /** The test's temp folder; each node gets a sub-folder. */
  dir: string;
  nodes?: number;
  /** Extra bind mounts inside every node: mount point -> folder name inside the node's own folder. */
  nodeMounts?: Record<string, string>;
  /** OCF agents to install as ocf:PROVIDER:NAME inside every node: provider -> { name: file }. */
  agents?: Record<string, Record<string, string>>;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const SUBNET = '10.215.15';
const OCF_ROOT = '/usr/lib/ocf/resource.d';

/** Folders private to each node, with the owner the daemons expect. */
const PRIVATE_DIRS: Array<{ mount: string; name: string; owner: 'root' | 'hacluster' }> = [
  { mount: '/etc/corosync', name: 'etc-corosync', owner: 'root' },
  { mount: '/var/lib/corosync', name: 'lib-corosync', owner: 'root' },
  { mount: '/var/log/corosync', name: 'log-corosync', owner: 'root' },
  { mount: '/var/lib/pacemaker', name: 'lib-pacemaker', owner: 'hacluster' },
  { mount: '/var/log/pacemaker', name: 'log-pacemaker', owner: 'hacluster' },
];

function run(file: string, args: string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): ExecResult {
  const r = spawnSync(file, args, { encoding: 'utf8', input: opts.input, timeout: opts.timeoutMs ?? 60_000, env: opts.env ?? process.env });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

function must(file: string, args: string[]): string {
  const r = run(file, args);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

function ids(user: string): { uid: number; gid: number } {
  return { uid: Number(must('id', ['-u', user]).trim()), gid: Number(must('id', ['-g', user]).trim()) };
}

export function clusterSupport(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, mounts)';
  for (const tool of ['ip', 'unshare', 'nsenter', 'corosync', 'pacemakerd', 'crm_mon', 'cibadmin']) {
    if (run('sh', ['-c', `command -v ${tool}`]).code !== 0) return `${tool} is not installed (bash scripts/setup-test-env.sh)`;
  }
  // Root is not enough in a container without CAP_SYS_ADMIN / CAP_NET_ADMIN: try what the cluster needs.
  const probe = run('unshare', ['--net', '--mount', '--uts', 'sh', '-c', 'ip link add psvprobe0 type veth peer name psvprobe1 && mount -t tmpfs none /mnt']);
  if (probe.code !== 0) return `this machine cannot create network and mount namespaces with a veth pair: ${probe.stderr.trim()}`;
  return null;
}

function corosyncConf(nodes: ClusterNode[], cluster: string): string {
  const list = nodes.map((n, i) => `  node {\n    ring0_addr: ${n.addr}\n    name: ${n.name}\n    nodeid: ${i + 1}\n  }`).join('\n');
  return `totem {
  version: 2
  cluster_name: ${cluster}
  transport: knet
  crypto_cipher: none
  crypto_hash: none
}
nodelist {
${list}
}
quorum {
  provider: corosync_votequorum
${nodes.length === 2 ? '  two_node: 1\n' : ''}}
logging {
  to_logfile: yes
  logfile: /var/log/corosync/corosync.log
  to_syslog: no
  to_stderr: no
  timestamp: on
}
`;
}

/** The CIB every node starts from: no fencing (there is nothing to fence), and a DC elected in 2 s instead of 20. */
const SEED_CIB = `<cib validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>
        <nvpair id="cib-bootstrap-options-dc-deadtime" name="dc-deadtime" value="2s"/>
      </cluster_property_set>
    </crm_config>
    <nodes/>
    <resources/>
    <constraints/>
  </configuration>
  <status/>
</cib>
`;

export class NetnsCluster {
  readonly nodes: ClusterNode[] = [];
  private readonly tag = randomBytes(3).toString('hex');
  private readonly veth: string[] = [];

  constructor(private readonly opts: ClusterOptions) {}

  /** Creates the namespaces and the nodes' files, starts corosync and Pacemaker, and waits for every node online under a DC. */
  async start(timeoutMs = 60_000): Promise<void> {
    // Interrupted (Ctrl+C, a CI timeout): no after-hook runs, so the namespaces go here.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        this.removeNow();
        process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
      });
    }
    process.once('exit', () => this.removeNow());
    const count = this.opts.nodes ?? 2;
    for (let i = 1; i <= count; i++) {
      const dir = join(this.opts.dir, `node${i}`);
      mkdirSync(dir, { recursive: true });
      this.nodes.push({ name: `node${i}`, netns: `psvc-${this.tag}-${i}`, addr: `${SUBNET}.${i}`, dir, holder: undefined!, daemons: [] });
    }
    for (const n of this.nodes) {
      must('ip', ['netns', 'add', n.netns]);
      must('ip', ['-n', n.netns, 'link', 'set', 'lo', 'up']);
    }
    // A chain of veth pairs: node1 - node2 (- node3 ...); enough for a ring.
    for (let i = 0; i + 1 < this.nodes.length; i++) {
      const a = this.nodes[i]!;
      const b = this.nodes[i + 1]!;
      const [ea, eb] = [`psvc${this.tag}a${i}`, `psvc${this.tag}b${i}`];
      must('ip', ['link', 'add', ea, 'netns', a.netns, 'type', 'veth', 'peer', 'name', eb, 'netns', b.netns]);
      this.veth.push(ea);
      must('ip', ['-n', a.netns, 'addr', 'add', `${a.addr}/24`, 'dev', ea]);
      must('ip', ['-n', b.netns, 'addr', 'add', `${b.addr}/24`, 'dev', eb]);
      must('ip', ['-n', a.netns, 'link', 'set', ea, 'up']);
      must('ip', ['-n', b.netns, 'link', 'set', eb, 'up']);
    }
    const conf = corosyncConf(this.nodes, `psvc${this.tag}`);
    const hacluster = ids('hacluster');
    for (const n of this.nodes) {
      for (const d of PRIVATE_DIRS) {
        const path = join(n.dir, d.name);
        mkdirSync(path, { recursive: true });
        if (d.owner === 'hacluster') chownSync(path, hacluster.uid, hacluster.gid);
      }
      writeFileSync(join(n.dir, 'etc-corosync', 'corosync.conf'), conf);
      for (const sub of ['cib', 'pengine', 'blackbox', 'cores']) {
        const path = join(n.dir, 'lib-pacemaker', sub);
        mkdirSync(path, { mode: 0o750 });
        chownSync(path, hacluster.uid, hacluster.gid);
      }
      const cib = join(n.dir, 'lib-pacemaker', 'cib', 'cib.xml');
      writeFileSync(cib, SEED_CIB, { mode: 0o600 });
      chownSync(cib, hacluster.uid, hacluster.gid);
      this.installAgents(n);
      for (const name of Object.values(this.opts.nodeMounts ?? {})) mkdirSync(join(n.dir, name), { recursive: true });
      n.holder = await this.hold(n);
    }
    for (const n of this.nodes) n.daemons.push(this.daemon(n, 'corosync', ['corosync', '-f']));
    for (const n of this.nodes) {
      await waitFor(`corosync on ${n.name}`, () => this.exec(n, ['corosync-cfgtool', '-s']).code === 0, timeoutMs);
    }
    for (const n of this.nodes) n.daemons.push(this.daemon(n, 'pacemaker', ['pacemakerd']));
    await waitFor('every node online under a DC', () => this.allOnline(), timeoutMs);
  }

  /** The agents, under a private resource.d that also shows the installed providers. */
  private installAgents(n: ClusterNode): void {
    const rd = join(n.dir, 'resource.d');
    for (const [provider, agents] of Object.entries(this.opts.agents ?? {})) {
      mkdirSync(join(rd, provider), { recursive: true });
      for (const [name, file] of Object.entries(agents)) {
        copyFileSync(file, join(rd, provider, name));
        chmodSync(join(rd, provider, name), 0o755);
      }
    }
  }

  /** Starts the process that holds a node's namespaces, once its mounts are in place. */
  private async hold(n: ClusterNode): Promise<ChildProcess> {
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const lines = ['set -e', 'mount -t tmpfs -o mode=0755 psvc-run /run', 'mount -t tmpfs -o mode=1777 psvc-shm /dev/shm'];
    for (const d of PRIVATE_DIRS) lines.push(`mount --bind ${q(join(n.dir, d.name))} ${q(d.mount)}`);
    for (const [point, name] of Object.entries(this.opts.nodeMounts ?? {})) lines.push(`mount --bind ${q(join(n.dir, name))} ${q(point)}`);
    if (this.opts.agents) {
      // Show the installed providers inside the private resource.d, then put it in place.
      const rd = join(n.dir, 'resource.d');
      for (const provider of readdirSync(OCF_ROOT)) {
        if (this.opts.agents[provider]) continue;
        lines.push(`mkdir -p ${q(join(rd, provider))}`, `mount --bind ${q(join(OCF_ROOT, provider))} ${q(join(rd, provider))}`);
      }
      lines.push(`mount --rbind ${q(rd)} ${OCF_ROOT}`);
    }
    lines.push(`hostname ${n.name}`, 'echo ready', 'exec sleep infinity');
    const holder = spawn('ip', ['netns', 'exec', n.netns, 'unshare', '--mount', '--uts', '--propagation', 'private', '--', 'sh', '-c', lines.join('\n')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    holder.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    holder.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    let exited: number | null | undefined;
    holder.once('exit', (code) => (exited = code));
    await waitFor(`the namespaces of ${n.name}`, () => {
      if (exited !== undefined) throw new Error(`setting up ${n.name} failed (exit ${exited}): ${err.trim()}`);
      return out.includes('ready');
    });
    return holder;
  }

  private daemon(n: ClusterNode, name: string, argv: string[]): ChildProcess {
    const env = { ...process.env, PCMK_logfacility: 'none', PCMK_logfile: '/var/log/pacemaker/pacemaker.log', PCMK_debug: 'no' };
    const log = join(n.dir, `${name}.out`);
    const child = spawn('sh', ['-c', 'exec "$@" >>"$0" 2>&1', log, 'nsenter', '-t', String(n.holder.pid), '-n', '-m', '-u', '--', ...argv], {
      stdio: 'ignore',
      env,
    });
    return child;
  }

  /** Runs a command inside a node (its network, mounts and host name). */
  exec(n: ClusterNode, argv: string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): ExecResult {
    return run('nsenter', ['-t', String(n.holder.pid), '-n', '-m', '-u', '--', ...argv], { ...opts, env: { ...process.env, ...opts.env } });
  }

  /** Like exec, failing on a non-zero exit. */
  must(n: ClusterNode, argv: string[], input?: string): string {
    const r = this.exec(n, argv, { input });
    if (r.code !== 0) throw new Error(`${n.name}: ${argv.join(' ')} exited ${r.code}: ${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
  }

  /** crm_mon's XML status, asked on node1 (or the node given). */
  monXml(n: ClusterNode = this.nodes[0]!): string {
    const r = this.exec(n, ['crm_mon', '-1', '--output-as=xml'], { timeoutMs: 20_000 });
    return r.code === 0 ? r.stdout : '';
  }

  private allOnline(): boolean {
    const xml = this.monXml();
    if (!/<current_dc present="true"/.test(xml)) return false;
    return this.nodes.every((n) => new RegExp(`<node name="${n.name}" [^>]*online="true"`).test(xml));
  }

  /** The nodes a resource is active on, by crm_mon. */
  resourceNodes(id: string, xml = this.monXml()): string[] {
    const m = new RegExp(`<resource id="${id}"[^>]*?(?:/>|>([\\s\\S]*?)</resource>)`).exec(xml);
    if (!m || !/active="true"/.test(m[0])) return [];
    return [...(m[1] ?? '').matchAll(/<node name="([^"]+)"/g)].map((x) => x[1]!);
  }

  /** A resource's fail count on a node (0 when none is recorded). */
  failCount(id: string, n: ClusterNode): number {
    const r = this.exec(this.nodes[0]!, ['crm_failcount', '--query', '-r', id, '-N', n.name, '-q']);
    const v = r.stdout.trim();
    if (r.code !== 0 || v === '') return 0;
    return v === 'INFINITY' ? Infinity : Number(v);
  }

  /** The tail of a node's Pacemaker log, for a failure message. */
  logTail(n: ClusterNode, lines = 40): string {
    const file = join(n.dir, 'log-pacemaker', 'pacemaker.log');
    if (!existsSync(file)) return '(no pacemaker log)';
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /** Stops Pacemaker (resources stop with it), corosync, anything left in the namespaces; removes the namespaces. Never throws. */
  async stop(timeoutMs = 60_000): Promise<void> {
    const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
    // Pacemaker first, on every node at once: a node left alone would take over the others' resources.
    const pcmk = this.nodes.flatMap((n) => n.daemons.slice(1));
    for (const c of pcmk) c.kill('SIGTERM');
    await waitFor('Pacemaker to stop', () => pcmk.every(exited), timeoutMs).catch(() => pcmk.forEach((c) => c.kill('SIGKILL')));
    const coro = this.nodes.flatMap((n) => n.daemons.slice(0, 1));
    for (const c of coro) c.kill('SIGTERM');
    await waitFor('corosync to stop', () => coro.every(exited), timeoutMs).catch(() => coro.forEach((c) => c.kill('SIGKILL')));
    this.removeNow();
  }

  /** Kills everything in the nodes' namespaces (a monitor Pacemaker did not stop, its targets, the daemons) and removes them. Synchronous, idempotent. */
  removeNow(): void {
    for (const n of this.nodes) {
      for (const pid of run('ip', ['netns', 'pids', n.netns]).stdout.split(/\s+/).filter(Boolean)) spawnSync('kill', ['-KILL', pid]);
      for (const c of [...n.daemons, n.holder]) c?.kill('SIGKILL');
      run('ip', ['netns', 'del', n.netns]);
    }
  }
}
