// A target's identity outside the monitor. Every process psv starts for a
// target carries PSV_TARGET_ID=<monitor key>/<target name> in its
// environment, and, when the spawn helper started it, PSV_ROOT_PID=<its own
// pid>, which whatever it starts inherits. A monitor that has lost its state
// finds its targets again by these (src/engine/recover.ts). They are the
// environment as of exec: a program that execs with a cleared environment
// (env -i, sudo's env_reset) loses them, and cannot be told apart.

export const TARGET_ID_ENV = 'PSV_TARGET_ID';
export const ROOT_PID_ENV = 'PSV_ROOT_PID';

/** The marker value of target `name` of the monitor with key `key`. */
export function targetId(key: string, name: string): string {
  return `${key}/${name}`;
}

/**
 * The markers in one process's environment (NUL-separated entries, as
 * /proc/PID/environ gives them) when it carries a target id of monitor
 * `key`: the target's name and the root pid (null when there is none).
 */
export function parseMarkers(environ: Buffer, length: number, key: string): { target: string; rootPid: number | null } | null {
  const idPrefix = Buffer.from(`${TARGET_ID_ENV}=${key}/`);
  const rootPrefix = Buffer.from(`${ROOT_PID_ENV}=`);
  let target: string | null = null;
  let rootPid: number | null = null;
  for (let at = 0; at < length; ) {
    let end = environ.indexOf(0, at);
    if (end < 0 || end > length) end = length;
    if (startsWith(environ, at, end, idPrefix)) target = environ.toString('utf8', at + idPrefix.length, end);
    else if (startsWith(environ, at, end, rootPrefix)) {
      const value = environ.toString('latin1', at + rootPrefix.length, end);
      rootPid = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
    }
    at = end + 1;
  }
  return target === null || target === '' ? null : { target, rootPid };
}

function startsWith(buffer: Buffer, at: number, end: number, prefix: Buffer): boolean {
  return end - at >= prefix.length && buffer.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}
