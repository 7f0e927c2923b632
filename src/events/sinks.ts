// The file sink (JSON Lines, appended synchronously so a killed monitor loses
// nothing it reported) and the console sink (one readable line per event).
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventRecord, EventSink } from './bus.js';

export class FileSink implements EventSink {
  private fd: number | null;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  write(record: EventRecord): void {
    if (this.fd === null) return;
    writeSync(this.fd, JSON.stringify(record) + '\n');
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

const LEVEL_TAG = { Information: 'INFO ', Warning: 'WARN ', Error: 'ERROR' } as const;

export class ConsoleSink implements EventSink {
  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  write(record: EventRecord): void {
    this.out.write(`${record.time} ${LEVEL_TAG[record.level]} [${record.id}] ${record.message}\n`);
  }
}
