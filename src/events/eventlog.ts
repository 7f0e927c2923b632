// The Windows Event Log sink. There is no Event Log package for Node, so writes go
// through ONE long-lived PowerShell host (node-powershell) that runs
// [System.Diagnostics.EventLog]::WriteEntry for each event: not a process per event.
// The PowerShell side is src/events/eventlog-host.ps1, carried as a string constant
// (eventlog-host.generated.ts) so that the single executable needs no file beside it.
// A host that fails (cannot start, dies, hangs, WriteEntry throws) is dropped and a
// new one started on the next write; the queue in front (a RetryPolicy, setup.ts)
// holds the events and spaces the attempts.
import type { EventRecord } from './bus.js';
import { EVENTLOG_HOST_SCRIPT } from './eventlog-host.generated.js';
import type { SlowSink } from './queue.js';

export interface EventLogSinkOptions {
  source: string;
  log: string;
  /** The PowerShell executable: powershell.exe (5.1, on every Windows) unless given. */
  executable?: string;
  /** PowerShell run after the host script is loaded (tests replace the Windows calls with it). */
  prelude?: string;
  /** Called once when the source is not registered when the sink first starts: the sink then stays off. */
  unavailable?: (reason: string) => void;
  /** Starts a host (tests: one that fails N times, then a real one); startPowerShellHost unless given. */
  startHost?: (options: EventLogSinkOptions) => Promise<EventLogHost>;
}

/** What the sink needs of a PowerShell host: node-powershell's PowerShell has this shape. */
export interface EventLogHost {
  invoke(command: string): Promise<{ stdout?: Buffer; raw: string }>;
  dispose(): Promise<unknown>;
}

interface Ack {
  ok: boolean;
  pid: number;
  reason?: string;
  error?: string;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * A string argument for the host: base64 UTF-8, decoded there. The host reads its
 * stdin in the console's code page, which would spoil a Japanese source name.
 */
function psText(text: string): string {
  return `(ConvertFrom-PsvHostText '${base64(text)}')`;
}

/** Dot-sources a script into the host; base64 so that no quoting or code page can spoil it. */
function dotSource(script: string): string {
  return `. ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${base64(script)}'))))`;
}

const INVOCATION_TIMEOUT_MS = 30_000;

/** A long-lived PowerShell (node-powershell) with the host script loaded. */
export async function startPowerShellHost(options: EventLogSinkOptions): Promise<EventLogHost> {
  const { PowerShell } = await import('node-powershell');
  const host = new PowerShell({
    ...(options.executable ? { executable: options.executable } : {}),
    executableOptions: { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
    invocationTimeout: INVOCATION_TIMEOUT_MS,
    throwOnInvocationError: false,
    spawnOptions: { env: { ...process.env, TERM: 'dumb' } },
  });
  // A host that cannot start (no powershell.exe) or dies rejects this promise; the next invoke reports it.
  (host as unknown as { exitPromise?: Promise<void> }).exitPromise?.catch(() => undefined);
  try {
    await host.invoke(dotSource(EVENTLOG_HOST_SCRIPT));
    if (options.prelude) await host.invoke(dotSource(options.prelude));
  } catch (err) {
    await host.dispose().catch(() => undefined);
    throw err;
  }
  return host;
}

export class EventLogSink implements SlowSink {
  readonly name = 'eventlog';
  private host: EventLogHost | null = null;
  /** Set once a host has found the source registered: from then on a missing source is an outage, not a config problem. */
  private sourceSeen = false;
  private disabled = false;
  /** Every host PID that answered, to show that one host serves all events. */
  readonly hostPids = new Set<number>();
  hostsStarted = 0;

  constructor(private readonly options: EventLogSinkOptions) {}

  get off(): boolean {
    return this.disabled;
  }

  async write(record: EventRecord): Promise<void> {
    if (this.disabled) return;
    const host = this.host ?? (await this.open());
    if (host === null) return;
    const command = `Write-PsvEventLogRecord -Source ${psText(this.options.source)} -EventId ${record.id} -Level '${record.level}' -MessageBase64 '${base64(record.message)}'`;
    let ack: Ack;
    try {
      ack = await this.call(host, command);
      if (!ack.ok) throw new Error(`WriteEntry failed: ${ack.error ?? 'unknown error'}`);
    } catch (err) {
      // The host died or hung, or its Event Log handle failed: the next attempt starts afresh.
      this.drop(host);
      throw err;
    }
  }

  async close(): Promise<void> {
    const host = this.host;
    this.host = null;
    this.disabled = true;
    await host?.dispose().catch(() => undefined);
  }

  private drop(host: EventLogHost): void {
    if (this.host === host) this.host = null;
    void host.dispose().catch(() => undefined);
  }

  private async call(host: EventLogHost, command: string): Promise<Ack> {
    const result = await host.invoke(command);
    // pwsh on Linux sprinkles terminal control sequences over stdout and stderr even
    // when redirected; node-powershell would take any stderr output as a failure. The
    // ack on stdout is what counts.
    const text = (result.stdout?.toString('utf8') ?? result.raw).match(/\{"ok":.*\}/)?.[0];
    if (text === undefined) throw new Error(`the PowerShell host answered ${JSON.stringify(result.raw.slice(0, 200))}`);
    const ack = JSON.parse(text) as Ack;
    this.hostPids.add(ack.pid);
    return ack;
  }

  /** Starts a host and checks the source; null when the sink turns itself off. Throws when the host fails. */
  private async open(): Promise<EventLogHost | null> {
    this.hostsStarted += 1;
    let host: EventLogHost;
    try {
      host = await (this.options.startHost ?? startPowerShellHost)(this.options);
    } catch (err) {
      throw new Error(`cannot start the PowerShell host for the Event Log: ${(err as Error).message}`);
    }
    let ack: Ack;
    try {
      ack = await this.call(host, `Initialize-PsvEventLogHost -Source ${psText(this.options.source)} -LogName ${psText(this.options.log)}`);
    } catch (err) {
      this.drop(host);
      throw err;
    }
    const reason = ack.reason ?? `the event source '${this.options.source}' is not registered`;
    if (!ack.ok && !this.sourceSeen) {
      // Never registered: a setup step missing, said once with how to fix it; no use retrying.
      this.disabled = true;
      this.drop(host);
      this.options.unavailable?.(reason);
      return null;
    }
    if (!ack.ok) {
      this.drop(host);
      throw new Error(reason);
    }
    this.sourceSeen = true;
    if (this.disabled) {
      // Closed while the host was starting.
      this.drop(host);
      return null;
    }
    this.host = host;
    return host;
  }
}
