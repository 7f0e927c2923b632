// The soak's clock for kill->back: every target appends "name pid time" to one
// start log as it starts (bash's $EPOCHREALTIME, before it becomes the
// target), so a restart is timed by when the new process ran, whatever the
// monitor reports. Lines this short are appended whole (O_APPEND).
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

/** A function returning the starts written since its last call: { name, pid, us }. */
export function startLogReader(path) {
  let offset = 0;
  let rest = '';
  const buf = Buffer.alloc(1 << 16);
  return () => {
    if (!existsSync(path)) return [];
    const fd = openSync(path, 'r');
    let text = rest;
    for (let n; (n = readSync(fd, buf, 0, buf.length, offset)) > 0; offset += n) text += buf.toString('utf8', 0, n);
    closeSync(fd);
    const lines = text.split('\n');
    rest = lines.pop(); // a line still being written
    return lines.map((l) => l.split(' ')).map(([name, pid, t]) => ({ name, pid: Number(pid), us: Math.round(Number(t) * 1e6) }));
  };
}
