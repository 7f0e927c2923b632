// Drives psv-win.exe (src/native/psv-win.c), the Windows helper: the process
// table, the start token of a pid, whether a known pid still is the process
// psv knew, and waits on the handles of processes psv did not start. One
// helper process, started on first use; its replies come on stdout (the table,
// exits) and the questions that must be answered at once (the token read
// after a spawn, the check of a known pid) go through a named pipe that Node
// reads synchronously. When the helper is missing or keeps dying, the caller
// falls back to PowerShell (windows.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { ProcessInfo } from './types.js';

/** One line of the helper's stdout, parsed. */
export type HelperReply =
  | { kind: 'hello'; version: number }
  | { kind: 'row'; id: string; row: ProcessInfo }
  | { kind: 'end'; id: string }
  | { kind: 'exit'; pid: number; token: string }
  | { kind: 'nowait'; pid: number; token: string };

/** Parses one line of psv-win's stdout (see the protocol in psv-win.c); null for a line it does not know. */
export function parseHelperLine(line: string): HelperReply | null {
  const f = line.replace(/\r$/, '').split('\t');
  switch (f[0]) {
    case 'H':
      return f[1] === 'psv-win' && /^\d+$/.test(f[2] ?? '') ? { kind: 'hello', version: Number(f[2]) } : null;
    case 'R': {
      if (f.length < 8 || !/^\d+$/.test(f[2]!) || !/^\d+$/.test(f[3]!) || !/^\d+$/.test(f[4]!)) return null;
      const name = f[5]!;
      const row: ProcessInfo = {
        pid: Number(f[2]),
        ppid: Number(f[3]),
        name,
        startToken: f[4]!,
        user: f[6] || null,
        // The command line comes last and may hold tabs; unreadable, it is the image name (as with CIM).
        commandLine: f.slice(7).join('\t') || name,
        state: null,
      };
      return { kind: 'row', id: f[1]!, row };
    }
    case 'E':
      return f.length >= 2 ? { kind: 'end', id: f[f.length - 1]! } : null;
    case 'X':
    case 'N':
      if (f.length < 3 || !/^\d+$/.test(f[1]!)) return null;
      return { kind: f[0] === 'X' ? 'exit' : 'nowait', pid: Number(f[1]), token: f[2]! };
    default:
      return null;
  }
}

/** A start token as the helper takes it: one word (a token psv could not read is sent as "0": any process with the pid). */
export function tokenWord(token: string): string {
  return /^\d+$/.test(token) ? token : '0';
}

/** What the named pipe answers to "T pid": the token, null (no such process), or 'alive' (runs, unreadable). */
export function parseTokenAnswer(answer: string): string | null {
  const a = answer.trim();
  if (a === '-') return null;
  return /^\d+$/.test(a) && a !== '0' ? a : 'alive';
}

interface Wait {
  pid: number;
  token: string;
  /** 'waiting': the helper holds a wait; 'ended': it said the process ended; 'poll': it cannot wait (no access). */
  state: 'waiting' | 'ended' | 'poll';
  listeners: Set<() => void>;
}

/** Blocks the thread for `ms` (the first synchronous question, while the helper creates its pipe). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class WinHelper {
  private static readonly MAX_RESTARTS = 5;
  /** How long the first synchronous question to a new helper waits for its pipe (Wine starts a process slowly). */
  private static readonly PIPE_WAIT_MS = 10_000;
  private proc: ChildProcess | null = null;
  private pipeName = '';
  private pipeFd: number | null = null;
  private partial = '';
  private nextId = 1;
  private deaths = 0;
  /** The helper said hello (its pipe exists); the first question to it has waited for its pipe. */
  private greeted = false;
  private waitedForPipe = false;
  /** Failed opens of the pipe of a helper that has said hello, in a row. */
  private pipeFailures = 0;
  private static readonly MAX_PIPE_FAILURES = 5;
  private readonly lists = new Map<string, { rows: ProcessInfo[]; resolve: (rows: ProcessInfo[]) => void; reject: (err: Error) => void }>();
  private readonly waits = new Map<string, Wait>();

  constructor(
    readonly path: string,
    /** Told when the helper becomes unusable (it keeps dying, or its pipe cannot be opened). */
    private readonly gaveUp: (why: string) => void = () => undefined,
  ) {}

  get usable(): boolean {
    return this.deaths < WinHelper.MAX_RESTARTS;
  }

  /** The process table, or one process's row (empty when it is gone). */
  table(pid?: number): Promise<ProcessInfo[]> {
    return new Promise((resolve, reject) => {
      const id = String(this.nextId++);
      this.lists.set(id, { rows: [], resolve, reject });
      if (!this.send(pid === undefined ? `L ${id}` : `I ${id} ${pid}`)) this.failLists(new Error(`the helper ${this.path} cannot run`));
      this.holdLoop();
    });
  }

  /** The start token of `pid`: its creation time, 'alive' when it runs but cannot be read, null when it does not run. Undefined: no answer (fall back). */
  startToken(pid: number): string | null | undefined {
    const answer = this.ask(`T ${pid}`);
    return answer === null ? undefined : parseTokenAnswer(answer);
  }

  /** Whether `pid` still is the process with start token `token`; undefined when the helper cannot say. */
  check(pid: number, token: string): 'alive' | 'gone' | undefined {
    const wait = this.waits.get(`${pid} ${token}`);
    // A wait the helper holds: its answer is known without a question.
    if (wait && wait.state === 'ended') return 'gone';
    if (wait && wait.state === 'waiting' && this.proc) return 'alive';
    const answer = this.ask(`C ${pid} ${tokenWord(token)}`);
    if (answer === 'alive' || answer === 'gone') return answer;
    return undefined;
  }

  /** Calls `onEnd` once process `pid` (start token `token`) has ended; returns what cancels it. */
  watch(pid: number, token: string, onEnd: () => void): () => void {
    const key = `${pid} ${token}`;
    // Started first: a helper started now asks for every wait already listed.
    if (!this.proc) this.start();
    let wait = this.waits.get(key);
    if (!wait) {
      wait = { pid, token, state: 'waiting', listeners: new Set() };
      this.waits.set(key, wait);
      this.send(`W ${pid} ${tokenWord(token)}`);
    }
    const w = wait;
    w.listeners.add(onEnd);
    if (w.state === 'ended') process.nextTick(() => w.listeners.has(onEnd) && onEnd());
    this.holdLoop();
    return () => {
      w.listeners.delete(onEnd);
      if (w.listeners.size > 0 || this.waits.get(key) !== w) return;
      this.waits.delete(key);
      this.send(`U ${pid} ${tokenWord(token)}`);
      this.holdLoop();
    };
  }

  /** Drops every wait on `pid` (the caller forgets it). */
  forget(pid: number): void {
    for (const [key, w] of this.waits) {
      if (w.pid !== pid) continue;
      this.waits.delete(key);
      this.send(`U ${pid} ${tokenWord(w.token)}`);
    }
    this.holdLoop();
  }

  /** One question to the pipe for another part of the helper (the jobs: windows-jobs.ts); null when it cannot answer. */
  query(question: string): string | null {
    return this.ask(question);
  }

  /** Asks the pipe one question; null when the helper cannot answer. */
  private ask(question: string): string | null {
    if (!this.usable) return null;
    try {
      const fd = this.pipe();
      if (fd === null) return null;
      writeSync(fd, `${question}\n`);
      const buf = Buffer.alloc(64);
      let text = '';
      while (!text.includes('\n')) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) throw new Error('the pipe closed');
        text += buf.toString('latin1', 0, n);
      }
      return text.slice(0, text.indexOf('\n')).trim();
    } catch {
      this.closePipe();
      return null;
    }
  }

  /**
   * The open pipe, after starting the helper if need be; null when it cannot
   * be opened now (this question is then answered without the helper). Only
   * the first question to a new helper waits for its pipe (a process start
   * under load can take seconds); later ones do not block the monitor.
   */
  private pipe(): number | null {
    if (this.pipeFd !== null && this.proc) return this.pipeFd;
    if (!this.proc && !this.start()) return null;
    const deadline = this.waitedForPipe ? 0 : Date.now() + WinHelper.PIPE_WAIT_MS;
    this.waitedForPipe = true;
    for (;;) {
      try {
        this.pipeFd = openSync(`\\\\.\\pipe\\${this.pipeName}`, 'r+');
        this.pipeFailures = 0;
        return this.pipeFd;
      } catch {
        // It said it serves the pipe, yet the pipe cannot be opened, again and again: a helper that does not work.
        if (this.greeted && this.proc && ++this.pipeFailures >= WinHelper.MAX_PIPE_FAILURES) this.proc.kill();
        if (this.greeted || !this.proc || Date.now() > deadline) return null;
        sleepSync(10);
      }
    }
  }

  private closePipe(): void {
    if (this.pipeFd === null) return;
    try {
      closeSync(this.pipeFd);
    } catch {
      // already closed
    }
    this.pipeFd = null;
  }

  /** Writes one request line to stdin; false when the helper cannot run. */
  private send(line: string): boolean {
    const proc = this.proc ?? (this.start() ? this.proc : null);
    if (!proc) return false;
    proc.stdin!.write(`${line}\n`);
    return true;
  }

  private start(): boolean {
    if (!this.usable) return false;
    this.pipeName = `psv-win-${process.pid}-${randomBytes(8).toString('hex')}`;
    let proc: ChildProcess;
    try {
      proc = spawn(this.path, ['serve', this.pipeName], { stdio: ['pipe', 'pipe', 'inherit'], windowsHide: true });
    } catch (err) {
      this.died(null, (err as Error).message);
      return false;
    }
    this.proc = proc;
    this.partial = '';
    this.greeted = false;
    this.waitedForPipe = false;
    this.pipeFailures = 0;
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (chunk: string) => this.read(chunk));
    proc.stdin!.on('error', () => undefined); // EPIPE: 'close' cleans up
    proc.on('error', (err) => this.died(proc, err.message));
    proc.on('close', (code) => this.died(proc, `exited with code ${code}`));
    // The waits the previous helper held are asked for again.
    for (const w of this.waits.values()) {
      if (w.state === 'ended') continue;
      w.state = 'waiting';
      proc.stdin!.write(`W ${w.pid} ${tokenWord(w.token)}\n`);
    }
    proc.unref();
    (proc.stdin as unknown as { unref(): void }).unref();
    (proc.stdout as unknown as { unref(): void }).unref();
    return true;
  }

  private read(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.handle(parseHelperLine(line));
  }

  private handle(reply: HelperReply | null): void {
    if (!reply) return;
    if (reply.kind === 'hello') {
      this.greeted = true;
    } else if (reply.kind === 'row') {
      this.lists.get(reply.id)?.rows.push(reply.row);
    } else if (reply.kind === 'end') {
      const list = this.lists.get(reply.id);
      this.lists.delete(reply.id);
      list?.resolve(list.rows);
      this.holdLoop();
    } else if (reply.kind === 'exit' || reply.kind === 'nowait') {
      const w = this.waits.get(`${reply.pid} ${reply.token}`) ?? [...this.waits.values()].find((x) => x.pid === reply.pid && tokenWord(x.token) === reply.token);
      if (!w) return;
      if (w.state === 'ended') return;
      if (reply.kind === 'nowait') {
        w.state = 'poll';
        return;
      }
      w.state = 'ended';
      // The helper holds nothing more for it; the caller still may ask (check() answers 'gone').
      this.send(`U ${reply.pid} ${reply.token}`);
      for (const listener of [...w.listeners]) listener();
    }
  }

  /** Keeps the event loop alive only while a table is awaited (waits must never hold a monitor that is ending). */
  private holdLoop(): void {
    if (!this.proc) return;
    const out = this.proc.stdout as unknown as { ref(): void; unref(): void };
    if (this.lists.size > 0) {
      out.ref();
      this.proc.ref();
    } else {
      out.unref();
      this.proc.unref();
    }
  }

  private failLists(err: Error): void {
    const lists = [...this.lists.values()];
    this.lists.clear();
    for (const l of lists) l.reject(err);
  }

  private died(proc: ChildProcess | null, why: string): void {
    if (proc !== null && proc !== this.proc) return;
    this.proc = null;
    this.closePipe();
    this.deaths++;
    this.failLists(new Error(`the helper ${this.path} ended (${why})`));
    if (!this.usable) this.gaveUp(why);
    // Its waits went with it: until a new helper holds them again, checks ask (and start one).
    for (const w of this.waits.values()) if (w.state === 'waiting') w.state = 'poll';
    if (this.usable && this.waits.size > 0) setImmediate(() => this.proc ?? this.start());
  }
}
