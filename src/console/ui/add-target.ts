// The "add a target" form's one job: put a new target (and its group membership)
// into the YAML text through the yaml package's Document API, so the operator's
// comments, key order and quoting survive untouched. No DOM here: the unit test
// runs it in Node.
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, YAMLSeq } from 'yaml';

export interface NewTarget {
  name: string;
  /** One of command or match: the command line (psv splits it into words) or the process name. */
  command?: string;
  match?: string;
  retries?: number;
  window?: string;
  delay?: string;
  group?: string;
  /** stall.heartbeat */
  heartbeat?: string;
}

export class AddTargetError extends Error {
  constructor(readonly reason: 'unparsable' | 'duplicate' | 'shape', message: string) {
    super(message);
  }
}

/** The YAML text with the target appended to `targets` (and to its group's members). */
export function addTarget(text: string, target: NewTarget): string {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new AddTargetError('unparsable', doc.errors[0]!.message);
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  if (!isMap(doc.contents)) throw new AddTargetError('shape', 'the document is not a mapping');

  const targets = blockSeq(doc, 'targets');
  for (const item of targets.items) {
    if (isMap(item) && scalarValue(item.get('name', true)) === target.name) throw new AddTargetError('duplicate', target.name);
  }
  targets.add(doc.createNode(targetEntry(target)));

  if (target.group) addToGroup(doc, target.group, target.name);
  return doc.toString({ lineWidth: 0 });
}

function targetEntry(t: NewTarget): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: t.name };
  if (t.command) entry.command = t.command;
  else if (t.match) entry.match = t.match;
  const restart: Record<string, unknown> = {};
  if (t.retries !== undefined) restart.retries = t.retries;
  if (t.window) restart.window = t.window;
  if (t.delay) restart.delay = t.delay;
  if (Object.keys(restart).length) entry.restart = restart;
  if (t.heartbeat) entry.stall = { heartbeat: t.heartbeat };
  return entry;
}

function addToGroup(doc: Document, group: string, member: string): void {
  const groups = blockSeq(doc, 'groups');
  const existing = groups.items.find((g) => isMap(g) && scalarValue(g.get('name', true)) === group) as YAMLMap | undefined;
  if (!existing) {
    const entry = doc.createNode({ name: group, members: [member] }) as YAMLMap;
    const members = entry.get('members', true);
    if (isSeq(members)) members.flow = true;
    groups.add(entry);
    return;
  }
  const members = existing.get('members', true);
  if (isSeq(members)) {
    if (!members.items.some((m) => scalarValue(m) === member)) members.add(doc.createNode(member));
  } else {
    const list = doc.createNode([member]) as YAMLSeq;
    list.flow = true;
    existing.set('members', list);
  }
}

/** The top-level sequence under `key`, made (or turned from an empty `[]`) into a block list. */
function blockSeq(doc: Document, key: string): YAMLSeq {
  const node = doc.get(key, true);
  if (isSeq(node)) {
    if (node.items.length === 0) node.flow = false;
    return node;
  }
  if (node !== undefined && node !== null && !(isScalar(node) && node.value === null)) {
    throw new AddTargetError('shape', `${key} is not a list`);
  }
  const seq = new YAMLSeq();
  doc.set(key, seq);
  return seq;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}
