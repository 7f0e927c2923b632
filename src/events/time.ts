// How an event's time is shown to a person: on this machine's clock with its
// offset from UTC, so that "17:02 +09:00" needs no arithmetic; UTC on request.
// The JSON records keep the ISO UTC time.

/** 2026-11-30 17:02:03.120 +09:00, or the ISO UTC form (…Z) when `utc`. */
export function displayTime(iso: string, utc = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (utc) return d.toISOString();
  const two = (n: number, w = 2): string => String(n).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${two(d.getMilliseconds(), 3)}`;
  return `${date} ${clock} ${sign}${two(Math.floor(Math.abs(off) / 60))}:${two(Math.abs(off) % 60)}`;
}
