// Builds the monitor's event bus from `monitor.events`: which sinks, in which
// language, with which queue and flood limits.
import type { EventsConfig, EventSinkKind } from '../config/types.js';
import { EventBus, type EventSink } from './bus.js';
import { EventLogSink } from './eventlog.js';
import { QueuedSink, SINK_RETRY, type RetryPolicy, type SlowSink } from './queue.js';
import { ConsoleSink, FileSink } from './sinks.js';
import { SyslogSink, type Facility } from './syslog.js';

/** The file sink's queue holds at least this many events. */
const FILE_QUEUE_MIN = 100_000;

export interface EventBusSetup {
  /** Picks the OS's own log for the default sink list: the Event Log on Windows, syslog elsewhere. */
  isWindows: boolean;
  /** Started in the background (psv start): the console sink is off unless the config turns it on. */
  background?: boolean;
  /** Where a sink that cannot work says so, once (the monitor's stderr). */
  warn?: (line: string) => void;
  /** How the Event Log sink's host is re-opened after a failure (tests shorten it). */
  eventlogRetry?: RetryPolicy;
  /** The console sink shows times in UTC instead of local time (psv run --utc). */
  utc?: boolean;
}

/**
 * The sinks `events` asks for: its `sinks` list, or the OS default plus the console when
 * `console` is on (by default only in the foreground: in the background the console is a
 * file that would hold a second copy of every event).
 */
export function sinkKinds(events: EventsConfig, isWindows: boolean, background = false): EventSinkKind[] {
  const console = events.console ?? !background;
  const kinds: EventSinkKind[] = events.sinks ?? [isWindows ? 'eventlog' : 'syslog', 'file', ...(console ? (['console'] as const) : [])];
  return [...new Set(kinds)].filter((k) => k !== 'file' || events.file !== null);
}

export function createEventBus(events: EventsConfig, setup: EventBusSetup): EventBus {
  const warn = setup.warn ?? ((line: string) => process.stderr.write(line + '\n'));
  let bus: EventBus | null = null;
  const kinds = sinkKinds(events, setup.isWindows, setup.background);
  // Said once: as the event when the console shows events, else also on stderr (the service wrapper's log).
  const early: Array<{ sink: string; reason: string }> = [];
  const unavailable = (sink: string) => (reason: string) => {
    if (bus === null) early.push({ sink, reason });
    else tellUnavailable(sink, reason);
  };
  const tellUnavailable = (sink: string, reason: string): void => {
    const record = bus!.emit('EventSinkUnavailable', { sink, reason });
    if (!kinds.includes('console')) warn(`psv: ${record.message}`);
  };
  const sinks: EventSink[] = kinds.map((kind) => {
    let sink: SlowSink;
    switch (kind) {
      case 'file':
        sink = new FileSink(events.file!, { maxBytes: events.rotate.maxBytes, keep: events.rotate.keep, unavailable: unavailable('file') });
        break;
      case 'console':
        sink = new ConsoleSink(process.stdout, !!setup.utc, events.language);
        break;
      case 'syslog':
        sink = new SyslogSink({ address: events.syslog.address, facility: events.syslog.facility as Facility, unavailable: unavailable('syslog') });
        break;
      case 'eventlog':
        sink = new EventLogSink({
          source: events.eventlog.source,
          log: events.eventlog.log,
          unavailable: unavailable('eventlog'),
        });
        break;
    }
    // The file is the record of last resort: a burst (a thousand targets starting) must not overflow it.
    const capacity = kind === 'file' ? Math.max(events.queue, FILE_QUEUE_MIN) : events.queue;
    // The Event Log's host is a process that can fail and come back: its events wait for it (bounded).
    return new QueuedSink(sink, capacity, kind === 'eventlog' ? (setup.eventlogRetry ?? SINK_RETRY) : null);
  });
  bus = new EventBus(sinks, events.language, undefined, { floodPerMinute: events.floodPerMinute });
  for (const e of early) tellUnavailable(e.sink, e.reason);
  // An outage is also said where the monitor's own warnings go (the service wrapper's log).
  bus.subscribe((r) => {
    if (r.event === 'EventSinkDown' || r.event === 'EventSinkRecovered') warn(`psv: ${r.level === 'Warning' ? 'warning' : 'note'}: ${r.message}`);
  });
  return bus;
}
