// JavaScript plug-ins: a module exporting `checks` and/or `actions` (tables of
// async functions of the context), run in a worker thread of psv's own runtime
// so that one that loops, throws or leaks never holds up the monitor's event
// loop: the worker has a heap limit, its console output is capped, and it is
// terminated (even in the middle of a busy loop) at its timeout.
import { Worker } from 'node:worker_threads';
import { formatDuration } from '../config/duration.js';
import { contextEnv } from './context.js';
import type { PluginContext, PluginRun, PluginSpec } from './types.js';

/** Runs inside the worker: load the module, call the entry, post its value back as JSON. */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  const { file, table, name, context } = workerData;
  const mod = await import(pathToFileURL(file).href);
  const entries = mod[table] ?? (mod.default && mod.default[table]);
  const fn = entries && entries[name];
  if (typeof fn !== 'function') throw new Error(file + ' exports no ' + table + '.' + name + ' function');
  const value = await fn(context);
  parentPort.postMessage({ value: JSON.stringify(value === undefined ? null : value) });
})().catch((err) => parentPort.postMessage({ error: String((err && err.stack) || err) }));
`;

type JsSpec = Extract<PluginSpec, { kind: 'js' }>;

export interface RunJsOptions {
  table: 'checks' | 'actions';
  timeoutMs: number;
  memoryMb: number;
  /** The most console output and answer taken. */
  cap: number;
  /** process.env in the worker (the context's variables are added). */
  env: Record<string, string | undefined>;
}

export function runJs(spec: JsSpec, ctx: PluginContext, { table, timeoutMs, memoryMb, cap, env }: RunJsOptions): Promise<Omit<PluginRun, 'ms'>> {
  return new Promise((resolve) => {
    let done = false;
    let printed = 0;
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: { file: spec.file, table, name: spec.name, context: ctx },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.floor(memoryMb / 8)) },
      stdout: true,
      stderr: true,
      env: { ...env, ...contextEnv(ctx) },
    });
    const finish = (r: Omit<PluginRun, 'ms'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
      void worker.terminate();
    };
    const fail = (why: string): void => finish({ exitCode: null, stdout: '', failure: why });
    // Console output goes nowhere, and a flood of it ends the worker.
    const count = (d: Buffer): void => {
      printed += d.length;
      if (printed > cap) fail(`it wrote more than ${cap / 1024} KiB of console output and was stopped`);
    };
    worker.stdout.on('data', count);
    worker.stderr.on('data', count);
    const timer = setTimeout(() => fail(`it did not finish within ${formatDuration(timeoutMs)} and was stopped`), timeoutMs);
    worker.on('message', (m: { value?: string; error?: string }) => {
      if (typeof m.error === 'string') return fail(`it threw: ${m.error.split('\n').slice(0, 2).join(' ').slice(0, 300)}`);
      const text = m.value ?? 'null';
      if (text.length > cap) return fail(`its answer is larger than ${cap / 1024} KiB`);
      finish({ exitCode: 0, stdout: text, failure: null });
    });
    worker.on('error', (err: Error & { code?: string }) =>
      fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it used more than its ${memoryMb} MiB heap and was stopped` : `it crashed: ${err.message}`),
    );
    worker.on('exit', (code) => fail(`it ended (exit code ${code}) without an answer`));
  });
}
