// The syslog sink: RFC 5424 messages to the local syslog socket, or to a server
// over UDP (RFC 5426) or TCP with octet-counting framing (RFC 6587).
//
// The local socket (/dev/log) is a Unix *datagram* socket on every usual daemon
// (rsyslog imuxsock, journald, syslog-ng's default), and Node has no Unix datagram
// sockets. The maintained addon for them (unix-dgram) is native: it would need a
// compiler at install time and cannot ride inside the single executable. So psv
// first tries a stream connection (syslog-ng unix-stream, rsyslog imptcp path=),
// and otherwise hands the lines to ONE long-lived `logger` process (util-linux,
// present on every Linux), which writes them to the datagram socket. Through
// `logger` the MSGID and the structured data travel at the start of MSG, because
// logger sets those once per process; use udp://127.0.0.1:514 (imudp) for the
// full RFC 5424 header.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import type { EventLevel } from './catalog.generated.js';
import type { EventRecord } from './bus.js';
import type { SlowSink } from './queue.js';

/**
 * The SD-ID of psv's structured data. 32473 is the private enterprise number that
 * RFC 5612 reserves for documentation: a placeholder until psv has its own number.
 */
export const SD_ID = 'psv@32473';
export const APP_NAME = 'psv';

export const FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;
export type Facility = keyof typeof FACILITIES;

const SEVERITY: Record<EventLevel, number> = { Error: 3, Warning: 4, Information: 6 };
/** rsyslog's default maxMessageSize is 8 KiB; longer messages are cut there anyway. */
const MAX_MESSAGE_BYTES = 8000;
const RECONNECT_MS = 1000;

export type SyslogAddress =
  | { kind: 'udp' | 'tcp'; host: string; port: number }
  | { kind: 'unix'; path: string };

/** `local` (the OS's syslog socket), `unix:///dev/log`, `udp://host:port`, `tcp://host:port` (port 514 by default). */
export function parseSyslogAddress(address: string, localPath = '/dev/log'): SyslogAddress {
  if (address === 'local') return { kind: 'unix', path: localPath };
  const m = /^(udp|tcp|unix):\/\/(.+)$/.exec(address);
  if (!m) throw new Error(`syslog address '${address}' is not local, unix:///PATH, udp://HOST:PORT or tcp://HOST:PORT`);
  const [, scheme, rest] = m as unknown as [string, 'udp' | 'tcp' | 'unix', string];
  if (scheme === 'unix') return { kind: 'unix', path: rest };
  const url = new URL(`${scheme}://${rest}`);
  const port = url.port === '' ? 514 : Number(url.port);
  return { kind: scheme, host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

function sdValue(value: unknown): string {
  return String(value).replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** `[psv@32473 id="301" target="web" pid="123"]`: the event id, and the target and its pid when the event has them. */
export function structuredData(record: EventRecord): string {
  const params = [`id="${record.id}"`];
  if (typeof record.target === 'string') params.push(`target="${sdValue(record.target)}"`);
  if (typeof record.pid === 'number') params.push(`pid="${record.pid}"`);
  return `[${SD_ID} ${params.join(' ')}]`;
}

export function priority(record: EventRecord, facility: Facility): number {
  return FACILITIES[facility] * 8 + SEVERITY[record.level];
}

function printable(text: string, max: number): string {
  const clean = text.replace(/[^\x21-\x7e]/g, '_');
  return clean === '' ? '-' : clean.slice(0, max);
}

/** Cuts a UTF-8 string to at most `max` bytes without splitting a character. */
function cutUtf8(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * One RFC 5424 message: `<PRI>1 TIMESTAMP HOSTNAME psv PROCID MSGID [SD] MSG`.
 * MSG is UTF-8 without a BOM (MSG-ANY): receivers show a BOM as stray bytes.
 */
export function formatRfc5424(record: EventRecord, facility: Facility, host = hostname(), procId = process.pid): string {
  const header = `<${priority(record, facility)}>1 ${record.time} ${printable(host, 255)} ${APP_NAME} ${procId} ${printable(record.event, 32)}`;
  return `${header} ${structuredData(record)} ${cutUtf8(record.message, MAX_MESSAGE_BYTES)}`;
}

interface Transport {
  send(message: string, record: EventRecord): Promise<void>;
  close(): void;
}

class UdpTransport implements Transport {
  private socket: UdpSocket | null = null;

  constructor(private readonly host: string, private readonly port: number) {}

  send(message: string): Promise<void> {
    this.socket ??= createSocket(this.host.includes(':') ? 'udp6' : 'udp4').on('error', () => this.close());
    this.socket.unref();
    return new Promise((resolve, reject) => this.socket!.send(Buffer.from(message, 'utf8'), this.port, this.host, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }
}

/** A stream connection (TCP, or a Unix stream socket) that reconnects on the next write after a failure. */
class StreamTransport implements Transport {
  private socket: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private failedAt = 0;

  constructor(
    private readonly target: { host: string; port: number } | { path: string },
    /** tcp: octet counting (RFC 6587); unix stream: one line per message. */
    private readonly frame: (message: string) => Buffer,
  ) {}

  async send(message: string): Promise<void> {
    const socket = await this.connected();
    await new Promise<void>((resolve, reject) => socket.write(this.frame(message), (err) => (err ? reject(err) : resolve())));
  }

  /** Opens the connection (exported for the local-socket probe). */
  connected(): Promise<Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    if (this.connecting) return this.connecting;
    if (Date.now() - this.failedAt < RECONNECT_MS) return Promise.reject(new Error('syslog server unreachable; retrying soon'));
    this.connecting = new Promise<Socket>((resolve, reject) => {
      const socket = 'path' in this.target ? connect(this.target.path) : connect(this.target.port, this.target.host);
      socket.once('connect', () => {
        socket.setNoDelay?.(true);
        socket.unref();
        this.socket = socket;
        this.connecting = null;
        resolve(socket);
      });
      socket.on('error', (err) => {
        if (this.socket === socket || this.connecting) this.failedAt = Date.now();
        this.connecting = null;
        this.drop(socket);
        reject(err);
      });
      socket.on('close', () => this.drop(socket));
      socket.on('data', () => undefined); // syslog servers send nothing; never let it pile up
    });
    return this.connecting;
  }

  private drop(socket: Socket): void {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** One long-lived `logger` that writes our lines to a Unix datagram socket (see the file comment). */
class LoggerTransport implements Transport {
  private child: ChildProcessWithoutNullStreams | null = null;
  private startedAt = 0;

  constructor(private readonly path: string, private readonly facility: Facility) {}

  async send(_message: string, record: EventRecord): Promise<void> {
    const child = this.running();
    const line = `<${priority(record, this.facility)}>${record.event} ${structuredData(record)} ${cutUtf8(record.message, MAX_MESSAGE_BYTES).replace(/[\r\n]+/g, ' ')}\n`;
    await new Promise<void>((resolve, reject) => child.stdin.write(line, 'utf8', (err) => (err ? reject(err) : resolve())));
  }

  private running(): ChildProcessWithoutNullStreams {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    if (Date.now() - this.startedAt < RECONNECT_MS) throw new Error('logger restarting');
    this.startedAt = Date.now();
    const child = spawn('logger', ['--socket', this.path, '--prio-prefix', '--rfc5424=notq', '--tag', APP_NAME, `--id=${process.pid}`, '--socket-errors=off'], {
      stdio: ['pipe', 'ignore', 'ignore'] as never,
    }) as unknown as ChildProcessWithoutNullStreams;
    child.on('error', () => undefined);
    child.stdin.on('error', () => undefined);
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    this.child = child;
    return child;
  }

  close(): void {
    this.child?.stdin.end();
    this.child = null;
  }
}

export interface SyslogSinkOptions {
  address: string;
  facility: Facility;
  /** Called once when the local socket does not exist: the sink then stays quiet. */
  unavailable?: (reason: string) => void;
}

export class SyslogSink implements SlowSink {
  readonly name = 'syslog';
  private transport: Transport | null = null;
  private choosing: Promise<Transport | null> | null = null;
  private readonly address: SyslogAddress;

  constructor(private readonly options: SyslogSinkOptions) {
    this.address = parseSyslogAddress(options.address);
  }

  async write(record: EventRecord): Promise<void> {
    const transport = this.transport ?? (await (this.choosing ??= this.choose()));
    if (transport === null) return; // reported once as unavailable
    await transport.send(formatRfc5424(record, this.options.facility), record);
  }

  close(): void {
    this.transport?.close();
  }

  private async choose(): Promise<Transport | null> {
    const a = this.address;
    if (a.kind !== 'unix') {
      if (a.kind === 'udp') return (this.transport = new UdpTransport(a.host, a.port));
      return (this.transport = new StreamTransport(a, (m) => {
        const body = Buffer.from(m, 'utf8');
        return Buffer.concat([Buffer.from(`${body.length} `), body]);
      }));
    }
    const path = a.path;
    const stream = new StreamTransport({ path }, (m) => Buffer.from(m.replace(/[\r\n]+/g, ' ') + '\n', 'utf8'));
    try {
      await stream.connected();
      return (this.transport = stream);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') {
        this.options.unavailable?.(`syslog socket ${path}: ${(err as Error).message}`);
        this.transport = null;
        return null;
      }
      // EPROTOTYPE: a datagram socket (the usual /dev/log); ECONNREFUSED: nobody on a stream there.
      return (this.transport = new LoggerTransport(path, this.options.facility));
    }
  }
}
