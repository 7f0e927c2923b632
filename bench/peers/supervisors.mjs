// One adapter per supervisor under test. Each gets a private folder (its home,
// config, sockets, logs) and the same target script, and returns the pid of
// the supervisor's own process (the one whose CPU and RSS are measured) and a
// stop() that shuts it down the way its documentation says.
//
// ctx: { dir, n, script, ids, tools, env }
//   script: bash -c text; $0 is the target id (t0 … tN-1)
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, childrenNamed, killQuietly, launch, pollUntil, reap, run } from './common.mjs';
import { psvCommand, ROOT } from '../lib.mjs';

const q = JSON.stringify;

async function stopChild(child, signal, timeoutMs = 30_000) {
  if (!child) return;
  killQuietly(child.pid, signal);
  await reap(child, timeoutMs);
}

export const floorC = {
  key: 'floor-c',
  label: 'floor: C waitpid→fork/exec loop',
  available: (t) => !!t.floor,
  version: () => 'bench/peers/floor.c',
  async start(ctx) {
    const child = launch(ctx.tools.floor, [ctx.script, String(ctx.n)], { out: join(ctx.dir, 'out.log') });
    return { pid: child.pid, stop: () => stopChild(child, 'SIGTERM') };
  },
};

export const floorNode = {
  key: 'floor-node',
  label: 'floor: bare Node respawn loop',
  available: () => true,
  version: () => `Node ${process.versions.node}`,
  async start(ctx) {
    const child = launch(process.execPath, [join(import.meta.dirname, 'floor-multi.mjs'), ctx.script, String(ctx.n)], {
      out: join(ctx.dir, 'out.log'),
    });
    return { pid: child.pid, stop: () => stopChild(child, 'SIGTERM') };
  },
};

export const psv = {
  key: 'psv',
  label: 'psv',
  available: () => existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')) || !!process.env.PSV_EXE,
  version: () => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version + (process.env.PSV_EXE ? ' (exe)' : ` (Node ${process.versions.node})`),
  async start(ctx) {
    const config = join(ctx.dir, 'psv.yaml');
    let y = `monitor:\n  stateDir: ${q(join(ctx.dir, 'state'))}\n  control: ${q(join(ctx.dir, 'psv.sock'))}\n`;
    y += '  events: { console: false, sinks: [file] }\ntargets:\n';
    for (const id of ctx.ids) {
      y += `  - name: ${id}\n    command: ${q(['/bin/bash', '-c', ctx.script, id])}\n    restart: { retries: 100000, window: 1s }\n`;
    }
    writeFileSync(config, y);
    const [file, ...args] = psvCommand();
    const child = launch(file, [...args, 'run', '-c', config], { out: join(ctx.dir, 'out.log') });
    return { pid: child.pid, stop: () => stopChild(child, 'SIGTERM'), helperPids: (pid) => childrenNamed(pid, 'psv-spawn') };
  },
};

export const pm2 = {
  key: 'pm2',
  label: 'PM2',
  available: (t) => !!t.pm2,
  version: (t) => JSON.parse(readFileSync(join(t.pm2, '..', '..', 'package.json'), 'utf8')).version,
  env(ctx) {
    return {
      ...process.env,
      HOME: ctx.dir,
      PM2_HOME: join(ctx.dir, 'pm2home'),
      PM2_DISABLE_VERSION_CHECK: 'true', // no daily version check from the daemon
      PM2_NO_INTERACTION: 'true',
    };
  },
  async start(ctx) {
    const env = this.env(ctx);
    mkdirSync(env.PM2_HOME, { recursive: true });
    // The CLI phones home once ("install" version check) and prints a banner
    // when PM2_HOME has no "touch" file yet.
    writeFileSync(join(env.PM2_HOME, 'touch'), String(Date.now()));
    const apps = ctx.ids.map((id) => ({
      name: id,
      script: '/bin/bash',
      args: ['-c', ctx.script, id],
      interpreter: 'none',
      exec_mode: 'fork',
      autorestart: true,
      restart_delay: 0, // no delay, and no exp_backoff_restart_delay
      max_restarts: 1_000_000,
    }));
    const eco = join(ctx.dir, 'ecosystem.json');
    writeFileSync(eco, JSON.stringify({ apps }));
    const cli = launch(ctx.tools.pm2, ['start', eco], { env, out: join(ctx.dir, 'out.log') });
    const pidFile = join(env.PM2_HOME, 'pm2.pid');
    return {
      // The daemon (God) is forked by the CLI; its pid is known once the CLI has started it.
      pid: () => {
        try {
          return Number(readFileSync(pidFile, 'utf8').trim()) || null;
        } catch {
          return null;
        }
      },
      settle: () => reap(cli, 120_000),
      stop: async () => {
        await reap(cli, 10_000);
        run(ctx.tools.pm2, ['kill'], { env, timeoutMs: 120_000 });
      },
    };
  },
};

export const supervisord = {
  key: 'supervisord',
  label: 'supervisord',
  available: (t) => !!t.supervisord,
  version: (t) => run(t.supervisord, ['--version']).stdout.trim(),
  async start(ctx) {
    const d = ctx.dir;
    const conf = join(d, 'supervisord.conf');
    let c = `[supervisord]\nnodaemon=true\nlogfile=${d}/supervisord.log\npidfile=${d}/supervisord.pid\nchildlogdir=${d}\n`;
    // Each child holds a few pipe fds in supervisord; minfds raises its soft
    // limit to fit (the documented way; the hard limit allows it).
    c += `minfds=${Math.max(1024, 3 * ctx.n + 128)}\n`;
    c += `[unix_http_server]\nfile=${d}/supervisor.sock\nchmod=0700\n`;
    c += '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n';
    c += `[supervisorctl]\nserverurl=unix://${d}/supervisor.sock\n`;
    for (const id of ctx.ids) {
      c += `[program:${id}]\ncommand=/bin/bash -c '${ctx.script.replaceAll('%', '%%')}' ${id}\n`;
      c += 'startsecs=0\nstartretries=1000000\nautorestart=true\nstdout_logfile=NONE\nstderr_logfile=NONE\nstopasgroup=true\nkillasgroup=true\n';
    }
    writeFileSync(conf, c);
    const child = launch(ctx.tools.supervisord, ['-n', '-c', conf], { env: { ...process.env, HOME: d }, out: join(d, 'out.log') });
    return {
      pid: child.pid,
      stop: async () => {
        run(ctx.tools.supervisorctl, ['-c', conf, 'shutdown'], { timeoutMs: 60_000 });
        await reap(child, 60_000);
      },
    };
  },
};

export const monit = {
  key: 'monit',
  label: 'Monit',
  available: (t) => !!t.monit,
  version: (t) => (/version ([\d.]+)/.exec(run(t.monit, ['-V']).stdout) ?? [])[1] ?? '?',
  async start(ctx) {
    const d = ctx.dir;
    mkdirSync(join(d, 'pids'));
    // The start program backgrounds the target and writes its pidfile.
    writeFileSync(
      join(d, 'start.sh'),
      `#!/bin/bash\n/bin/bash -c '${ctx.script}' "$1" </dev/null >/dev/null 2>&1 &\necho $! > ${d}/pids/$1.pid\n`,
    );
    writeFileSync(join(d, 'stop.sh'), `#!/bin/bash\nkill -9 "$(cat ${d}/pids/$1.pid)" 2>/dev/null\nexit 0\n`);
    chmodSync(join(d, 'start.sh'), 0o755);
    chmodSync(join(d, 'stop.sh'), 0o755);
    const rc = join(d, 'monitrc');
    // set daemon 1: the shortest cycle. No httpd at all (quit goes by the pidfile).
    let c = `set daemon 1\nset logfile ${d}/monit.log\nset pidfile ${d}/monit.pid\nset idfile ${d}/monit.id\nset statefile ${d}/monit.state\n`;
    for (const id of ctx.ids) {
      c += `check process ${id} with pidfile ${d}/pids/${id}.pid\n  start program = "${d}/start.sh ${id}"\n  stop program = "${d}/stop.sh ${id}"\n`;
    }
    writeFileSync(rc, c);
    chmodSync(rc, 0o600);
    const env = { ...process.env, HOME: d };
    // Under a subreaper that reaps orphans at once, as a real init does (reaper.c).
    const argv = ctx.tools.reaper ? [ctx.tools.reaper, ctx.tools.monit] : [ctx.tools.monit];
    const child = launch(argv[0], [...argv.slice(1), '-I', '-c', rc], { env, out: join(d, 'out.log') });
    return {
      // Monit's own pid (under the reaper it is the reaper's child): its pidfile.
      pid: () => {
        try {
          return Number(readFileSync(join(d, 'monit.pid'), 'utf8').trim()) || child.pid;
        } catch {
          return child.pid;
        }
      },
      stop: async () => {
        run(ctx.tools.monit, ['-c', rc, 'quit'], { env, timeoutMs: 30_000 });
        await pollUntil(() => !alive(child.pid), 10_000);
        await stopChild(child, 'SIGTERM', 10_000);
      },
    };
  },
};

export const ALL = [floorC, floorNode, psv, pm2, supervisord, monit];
