// A JavaScript plug-in (docs/plugins.md): `plugin: health.http` as a probe.
// Copy it into monitor.plugins.dir. It asks the target's own health endpoint
// (the URL in the target's env as HEALTH_URL, default http://127.0.0.1:8080/health)
// and reports the answer; a JSON body's "queue" field over 100 is unhealthy.

/** @type {import('../psv-plugin').PsvChecks} */
export const checks = {
  async http(ctx) {
    const url = process.env.HEALTH_URL ?? 'http://127.0.0.1:8080/health';
    let res;
    try {
      // No time limit of its own: psv stops a check that outlives the probe's timeout (and says so).
      res = await fetch(url);
    } catch (err) {
      return { status: 'unhealthy', message: `${url}: ${err.message}` };
    }
    if (!res.ok) return { status: 'unhealthy', message: `${url}: HTTP ${res.status}` };
    const body = await res.json().catch(() => ({}));
    if (typeof body.queue === 'number' && body.queue > 100) {
      return { status: 'unhealthy', message: `queue length ${body.queue} over 100`, details: { queue: body.queue, pid: ctx.pid } };
    }
    return { status: 'healthy', message: `HTTP ${res.status}` };
  },
};

/** @type {import('../psv-plugin').PsvActions} */
export const actions = {
  /** Writes the event into the incident folder (or the state folder) as event-<name>.json. */
  async record(ctx) {
    const { writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const dir = ctx.incidentDir ?? ctx.stateDir;
    await writeFile(join(dir, `event-${ctx.event?.name ?? 'none'}.json`), JSON.stringify(ctx, null, 2));
  },
};
