// A command named a target or group the monitor does not have: the message lists those it has.
export class UnknownTargetError extends Error {
  constructor(readonly target: string, targets: string[], groups: string[] = []) {
    const what = groups.length ? 'target or group' : 'target';
    const known = [targets.length ? `known targets: ${targets.join(', ')}` : '', groups.length ? `groups: ${groups.join(', ')}` : ''].filter(Boolean);
    super(`unknown ${what} '${target}'${known.length ? `; ${known.join('; ')}` : ''}`);
  }
}
