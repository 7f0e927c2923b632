// What every cluster adapter shares: it turns a failover into one command (its
// plan), runs it through the injected runner with the time limit, reports
// FailoverRequested, and then either hands the monitor back (then: stay) or
// ends it; a command that fails (non-zero exit, time limit, not found) is
// FailoverFailed and the exit escalation's stop-and-exit.
import type { EscalationContext, EscalationOutcome, EscalationPort, EscalationRequest } from '../engine/escalation-port.js';
import type { EventBus } from '../events/bus.js';
import { formatDuration } from '../config/duration.js';
import type { RunResult, RunWithTimeoutOptions } from '../platform/run-with-timeout.js';
import { ExitEscalation } from './exit.js';
import { phrase } from '../events/phrases.js';

/** Runs one program with a time limit (runWithTimeout; tests pass a fake that records the argv). */
export type Runner = (argv: readonly string[], opts: RunWithTimeoutOptions) => Promise<RunResult>;

/** What an adapter does for one failover. */
export interface FailoverPlan {
  /** The command that tells the cluster; null when the adapter only reports (psv health says failed). */
  argv: string[] | null;
  /** How the events name the command (WSFC's encoded script is unreadable); default: the argv. */
  shown?: string;
  /** The command's whole environment; default: the monitor's. */
  env?: NodeJS.ProcessEnv;
  /** Written to the command's standard input. */
  input?: string;
}

/** One adapter: its name (monitor.failover.via) and its plan; `plan` throws FailoverSetupError when it cannot make one. */
export interface FailoverAdapter {
  readonly via: string;
  plan(request: EscalationRequest): FailoverPlan;
}

/** The adapter lacks what it needs at the time of the failover (e.g. no resource name): reported as FailoverFailed. */
export class FailoverSetupError extends Error {}

export interface AdapterSettings {
  then: 'stay' | 'exit';
  exitCode: number;
  timeoutMs: number;
}

/** The longest output tail quoted in FailoverFailed. */
const OUTPUT_TAIL = 300;

export class AdapterEscalation implements EscalationPort {
  private readonly exit: ExitEscalation;

  constructor(
    private readonly adapter: FailoverAdapter,
    private readonly settings: AdapterSettings,
    private readonly events: EventBus,
    private readonly run: Runner,
  ) {
    this.exit = new ExitEscalation(events, settings.exitCode);
  }

  async escalate(request: EscalationRequest, monitor: EscalationContext): Promise<EscalationOutcome> {
    const failed = (error: string): Promise<EscalationOutcome> => this.fallBack(request, monitor, error);
    let plan: FailoverPlan;
    try {
      plan = this.adapter.plan(request);
    } catch (err) {
      if (err instanceof FailoverSetupError) return failed(err.message);
      throw err;
    }
    let outcome = phrase('HealthReportsFailed', {});
    if (plan.argv) {
      const shown = plan.shown ?? commandText(plan.argv);
      const result = await this.run(plan.argv, { timeoutMs: this.settings.timeoutMs, env: plan.env, input: plan.input, maxOutput: 64 * 1024 });
      if (!result.ok) return failed(this.whyFailed(shown, result));
      outcome = `${shown} (exit 0)`;
    }
    const { via } = this.adapter;
    this.events.emit('FailoverRequested', { adapter: via, scope: request.scope, name: request.name, outcome, then: this.settings.then });
    if (this.settings.then === 'stay') return { kind: 'handled', via };
    return this.exit.escalate(request, monitor);
  }

  private fallBack(request: EscalationRequest, monitor: EscalationContext, error: string): Promise<EscalationOutcome> {
    const { scope, name } = request;
    this.events.emit('FailoverFailed', { adapter: this.adapter.via, scope, name, error, fallback: 'exit', exitCode: this.settings.exitCode });
    return this.exit.escalate(request, monitor);
  }

  private whyFailed(shown: string, r: RunResult): string {
    if (r.error) return `cannot run ${shown}: ${r.error.message}`;
    const tail = lastWords(r.output);
    const said = tail ? `: ${tail}` : '';
    if (r.timedOut) return `${shown} did not finish within ${formatDuration(this.settings.timeoutMs)} and was killed${said}`;
    if (r.signal) return `${shown} was ended by ${r.signal}${said}`;
    return `${shown} exited with code ${r.exitCode}${said}`;
  }
}

/** An argv as one line people can read (and paste into a POSIX shell). */
export function commandText(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The end of a command's output, on one line. */
function lastWords(output: string): string {
  // Colour codes (PowerShell 7 paints its errors) say nothing in an event.
  const text = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\s+/g, ' ').trim();
  return text.length > OUTPUT_TAIL ? `...${text.slice(-OUTPUT_TAIL)}` : text;
}
