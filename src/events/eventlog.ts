// The Windows Event Log sink. There is no Event Log package for Node, so writes go
// through ONE long-lived PowerShell host (node-powershell) that runs
// [System.Diagnostics.EventLog]::WriteEntry for each event: not a process per event.
// The PowerShell side is src/events/eventlog-host.ps1, carried as a string constant
// (eventlog-host.generated.ts) so that the single executable needs no file beside it.
import type { PowerShell as PowerShellHost } from 'node-powershell';
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
  /** Called once when the source is not registered (or the host cannot start): the sink then stays quiet. */
  unavailable?: (reason: string) => void;
}

interface Ack {
  ok: boolean;
  pid: number;
  reason?: string;
  error?: string;
}

/** A PowerShell single-quoted string literal. */
function psQuote(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const HOST_RESTART_MS = 5000;
const INVOCATION_TIMEOUT_MS = 30_000;

export class EventLogSink implements SlowSink {
  readonly name = 'eventlog';
  private host: PowerShellHost | null = null;
  private starting: Promise<PowerShellHost | null> | null = null;
  private startedAt = 0;
  private disabled = false;
  /** Every host PID that answered, to show that one host serves all events. */
  readonly hostPids = new Set<number>();
  hostsStarted = 0;

  constructor(private readonly options: EventLogSinkOptions) {}

  async write(record: EventRecord): Promise<void> {
    if (this.disabled) return;
    const host = this.host ?? (await (this.starting ??= this.start().finally(() => (this.starting = null))));
    if (host === null) {
      if (this.disabled) return;
      throw new Error('PowerShell host not running');
    }
    const command = `Write-PsvEventLogRecord -Source ${psQuote(this.options.source)} -EventId ${record.id} -Level ${psQuote(record.level)} -MessageBase64 '${base64(record.message)}'`;
    let ack: Ack;
    try {
      ack = await this.call(host, command);
    } catch (err) {
      // The host died or hung: start a fresh one for the next event.
      this.host = null;
      void host.dispose().catch(() => undefined);
      throw err;
    }
    if (!ack.ok) throw new Error(`WriteEntry failed: ${ack.error ?? 'unknown error'}`);
  }

  async close(): Promise<void> {
    const host = this.host;
    this.host = null;
    this.disabled = true;
    await host?.dispose().catch(() => undefined);
  }

  private async call(host: PowerShellHost, command: string): Promise<Ack> {
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

  private async start(): Promise<PowerShellHost | null> {
    let host: PowerShellHost | null = null;
    try {
      if (Date.now() - this.startedAt < HOST_RESTART_MS) return null;
      this.startedAt = Date.now();
      const { PowerShell } = await import('node-powershell');
      host = new PowerShell({
        ...(this.options.executable ? { executable: this.options.executable } : {}),
        executableOptions: { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
        invocationTimeout: INVOCATION_TIMEOUT_MS,
        throwOnInvocationError: false,
        spawnOptions: { env: { ...process.env, TERM: 'dumb' } },
      });
      this.hostsStarted += 1;
      // A host that cannot start (no powershell.exe) rejects this promise; the write reports it.
      (host as unknown as { exitPromise?: Promise<void> }).exitPromise?.catch(() => undefined);
      await host.invoke(`. ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${base64(EVENTLOG_HOST_SCRIPT)}'))))`);
      if (this.options.prelude) await host.invoke(`. ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${base64(this.options.prelude)}'))))`);
      const ack = await this.call(host, `Initialize-PsvEventLogHost -Source ${psQuote(this.options.source)} -LogName ${psQuote(this.options.log)}`);
      if (!ack.ok) {
        this.disabled = true;
        await host.dispose().catch(() => undefined);
        this.options.unavailable?.(ack.reason ?? `the event source '${this.options.source}' is not registered`);
        return null;
      }
      this.host = host;
      return host;
    } catch (err) {
      await host?.dispose().catch(() => undefined);
      if (this.hostsStarted === 1 && !this.disabled) {
        // The very first host failed: say so once; later failures count as drops.
        this.options.unavailable?.(`cannot start the PowerShell host for the Event Log: ${(err as Error).message}`);
        this.disabled = true;
      }
      return null;
    }
  }
}
