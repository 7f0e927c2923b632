// The file sink (JSON Lines, rotated by size) and the console sink (one readable
// line per event). Both sit behind a QueuedSink: they may take their time.
import { mkdirSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendWhole, trimTornTail } from '../jsonl.js';
import type { EventRecord } from './bus.js';
import type { SlowSink } from './queue.js';
import { displayTime } from './time.js';
import type { Language } from './language.js';

export interface FileSinkOptions {
  /** Rotate when the file would grow past this many bytes; 0 never rotates. */
  maxBytes?: number;
  /** Rotated files kept: PATH.1 (newest) .. PATH.keep. */
  keep?: number;
  /** Called once when writes start to fail (a full disk); again only after a write has worked. */
  unavailable?: (reason: string) => void;
}

export class FileSink implements SlowSink {
  readonly name = 'file';
  private handle: FileHandle | null = null;
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;
  private failing = false;

  constructor(
    readonly path: string,
    private readonly options: FileSinkOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 0;
    this.keep = options.keep ?? 5;
    // Made here, not on the first write, so that a bad path shows at start.
    mkdirSync(dirname(path), { recursive: true });
  }

  write(record: EventRecord): Promise<void> {
    return this.writeBatch([record]);
  }

  /** A burst goes out in as few writes as rotation allows; a failed write leaves no part of itself. */
  async writeBatch(records: readonly EventRecord[]): Promise<void> {
    try {
      await this.writeLines(records);
      this.failing = false;
    } catch (err) {
      // The next write opens the file again, and first cuts whatever a failed cut-back left.
      await this.close().catch(() => undefined);
      if (!this.failing) this.options.unavailable?.(`cannot write ${this.path}: ${(err as Error).message}`);
      this.failing = true;
      throw err;
    }
  }

  private async writeLines(records: readonly EventRecord[]): Promise<void> {
    if (this.handle === null) await this.open();
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    for (const record of records) {
      const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
      if (this.maxBytes > 0 && this.size + chunkBytes > 0 && this.size + chunkBytes + line.length > this.maxBytes) {
        await this.flushChunk(chunk, chunkBytes);
        chunk = [];
        chunkBytes = 0;
        if (this.size > 0) await this.rotate();
      }
      chunk.push(line);
      chunkBytes += line.length;
    }
    await this.flushChunk(chunk, chunkBytes);
  }

  private async flushChunk(chunk: Buffer[], bytes: number): Promise<void> {
    if (bytes === 0) return;
    await appendWhole(this.handle!, Buffer.concat(chunk, bytes), this.size);
    this.size += bytes;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }

  private async open(): Promise<void> {
    const handle = await open(this.path, 'a+');
    try {
      // A line torn by a crash or a full disk would spoil the first line written after it.
      this.size = await trimTornTail(handle);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
    this.handle = handle;
  }

  private async rotate(): Promise<void> {
    await this.close();
    await rm(`${this.path}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(() => undefined);
    if (this.keep > 0) await rename(this.path, `${this.path}.1`).catch(() => undefined);
    else await rm(this.path, { force: true });
    await this.open();
  }
}

const LEVEL_TAG = {
  en: { Information: 'INFO ', Warning: 'WARN ', Error: 'ERROR' },
  ja: { Information: '情報  ', Warning: '警告  ', Error: 'エラー' },
} as const;

export class ConsoleSink implements SlowSink {
  readonly name = 'console';

  constructor(
    private readonly out: NodeJS.WritableStream = process.stdout,
    /** Times in UTC instead of local time with its offset (psv run --utc). */
    private readonly utc = false,
    /** The language of the level tag (the bus's, which the messages are in). */
    private readonly language: Language = 'en',
  ) {}

  /** Resolves when the line is handed to the OS: a stalled pipe holds only this sink's queue. */
  write(record: EventRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.out.write(`${displayTime(record.time, this.utc)} ${LEVEL_TAG[this.language][record.level]} [${record.id}] ${record.message}\n`, (err) => (err ? reject(err) : resolve()));
    });
  }
}
