// One health check: a TCP connect, an HTTP GET or a command, bounded by a timeout.
// Never throws and never rejects: every outcome, including "could not even try",
// is a ProbeResult whose detail goes into the event as it is.
import net from 'node:net';
import { formatDuration } from '../config/duration.js';
import { platform } from '../platform/index.js';
import { runWithTimeout } from '../platform/run-with-timeout.js';
import { checkAnswer, valueAnswer } from '../plugins/answer.js';
import { contextEnv, contextJson } from '../plugins/context.js';
import { runPlugin } from '../plugins/run.js';
import type { PluginContext } from '../plugins/types.js';
import type { ProbeResult, ProbeSpec } from './types.js';

export interface RunProbeOptions {
  /** Working directory and environment of command probes (the target's). */
  cwd: string;
  env: Record<string, string>;
  /** POSIX: the user and group command probes run as (the target's scriptUser); omitted: the monitor's. */
  user?: { uid: number; gid: number } | null;
  /** The target's context, given to command probes and custom checks (docs/plugins.md). */
  context?: PluginContext;
  /** Heap limit of a JavaScript check (MiB). */
  memoryMb?: number;
}

/** Output of a failing command kept for the detail, in characters. */
const OUTPUT_TAIL = 200;

export function runProbe(spec: ProbeSpec, timeoutMs: number, opts: RunProbeOptions): Promise<ProbeResult> {
  try {
    switch (spec.kind) {
      case 'tcp':
        return probeTcp(spec.host, spec.port, timeoutMs);
      case 'http':
        return probeHttp(spec.url, spec.expect, timeoutMs).catch((err: unknown) => ({ ok: false, detail: `probe failed: ${messageOf(err)}` }));
      case 'command':
        return probeCommand(spec.command, timeoutMs, opts).catch((err: unknown) => ({ ok: false, detail: `probe failed: ${messageOf(err)}` }));
      case 'plugin':
        return probePlugin(spec.plugin, timeoutMs, opts);
    }
  } catch (err) {
    return Promise.resolve({ ok: false, detail: `probe failed: ${messageOf(err)}` });
  }
}

/** Settles once: the first outcome wins, the timer and resources are released. */
function once(timeoutMs: number, onTimeout: () => void, cleanup: () => void): { promise: Promise<ProbeResult>; settle: (r: ProbeResult) => void } {
  let resolve!: (r: ProbeResult) => void;
  const promise = new Promise<ProbeResult>((r) => (resolve = r));
  let done = false;
  const settle = (r: ProbeResult) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    try {
      cleanup();
    } catch {
      // Releasing is best effort; the result stands.
    }
    resolve(r);
  };
  const timer = setTimeout(() => {
    try {
      onTimeout();
    } catch {
      // As above.
    }
    settle({ ok: false, detail: `timed out after ${formatDuration(timeoutMs)}` });
  }, timeoutMs);
  return { promise, settle };
}

function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const socket = net.connect({ host, port });
  const { promise, settle } = once(
    timeoutMs,
    () => undefined,
    () => socket.destroy(),
  );
  socket.on('connect', () => settle({ ok: true, detail: `connected to ${address}` }));
  socket.on('error', (err: NodeJS.ErrnoException) => settle({ ok: false, detail: `${address}: ${networkError(err)}` }));
  return promise;
}

async function probeHttp(url: string, expect: number, timeoutMs: number): Promise<ProbeResult> {
  const target = new URL(url);
  // Loaded on first use: a monitor without HTTP probes does not carry the HTTP and TLS stacks.
  const client = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  // No agent: one connection per check, closed afterwards. Certificates are not
  // verified, as Kubernetes' httpGet does not: a health endpoint's certificate is
  // often self-signed, and the check is whether the application answers.
  const req = client.get(target, { agent: false, rejectUnauthorized: false, headers: { 'User-Agent': 'psv-probe', Connection: 'close' } });
  const { promise, settle } = once(
    timeoutMs,
    () => undefined,
    () => req.destroy(),
  );
  req.on('response', (res) => {
    res.resume();
    const status = res.statusCode ?? 0;
    const ok = expect > 0 ? status === expect : status >= 200 && status < 400;
    const wanted = ok || expect === 0 ? '' : ` (expected ${expect})`;
    settle({ ok, detail: `HTTP ${status}${wanted}` });
  });
  req.on('error', (err: NodeJS.ErrnoException) => settle({ ok: false, detail: networkError(err) }));
  return promise;
}

async function probeCommand(argv: readonly string[], timeoutMs: number, opts: RunProbeOptions): Promise<ProbeResult> {
  const r = await runWithTimeout(argv, {
    cwd: opts.cwd,
    env: opts.context ? { ...opts.env, ...contextEnv(opts.context) } : opts.env,
    input: opts.context ? contextJson(opts.context) : undefined,
    user: opts.user ?? null,
    timeoutMs,
    output: 'pipe',
    maxOutput: 4 * OUTPUT_TAIL,
    // Its own process group on Unix, so that a timeout ends what the check started too.
    detached: !platform.isWindows,
    kill: (child) => {
      if (child.pid !== undefined) platform.killTree(child.pid);
    },
    settleAtTimeout: true,
  });
  if (r.timedOut) return { ok: false, detail: `timed out after ${formatDuration(timeoutMs)}` };
  if (r.threw) return { ok: false, detail: `probe failed: ${messageOf(r.error)}` };
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'not executable' : r.error.message;
    return { ok: false, detail: `cannot run ${argv[0]}: ${why}` };
  }
  if (r.exitCode === 0) return { ok: true, detail: 'exit code 0' };
  const said = lastLine(r.output);
  const what = r.exitCode !== null ? `exit code ${r.exitCode}` : `killed by ${r.signal}`;
  return { ok: false, detail: said ? `${what}: ${said}` : what };
}

/** A custom check: its answer (exit code and JSON line, or a JavaScript check's value); a misbehaving plug-in is no verdict. */
async function probePlugin(plugin: Extract<ProbeSpec, { kind: 'plugin' }>['plugin'], timeoutMs: number, opts: RunProbeOptions): Promise<ProbeResult> {
  const context: PluginContext = opts.context ?? { target: null, pid: null, instance: null, group: null, kind: null, stateDir: '', config: '', incidentDir: null, event: null };
  const run = await runPlugin(plugin, context, { timeoutMs, cwd: opts.cwd, env: opts.env, table: 'checks', memoryMb: opts.memoryMb ?? 64 });
  let answer = checkAnswer(run);
  if (plugin.kind === 'js' && !('failure' in answer)) answer = valueAnswer(JSON.parse(run.stdout) as unknown);
  if ('failure' in answer) return { ok: false, skipped: true, detail: answer.failure, pluginFailure: answer.failure };
  if (answer.status === 'unknown') return { ok: false, skipped: true, detail: `unknown: ${answer.message}`, answer };
  return { ok: answer.status === 'healthy', detail: answer.message, answer };
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const line = lines[lines.length - 1] ?? '';
  return line.length > OUTPUT_TAIL ? `${line.slice(0, OUTPUT_TAIL)}...` : line;
}

function networkError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${err.code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return err.message;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
