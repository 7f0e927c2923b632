// Parsing the file with positions: YAML's own errors in plain words at their
// line and column, and the way back from a path of keys and indexes (what the
// schema and the checks speak of) to the place in the file it was written.
import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Position, Problems, Segment } from './problems.js';
import type { Json } from './schema.js';

/** The parsed file: the document (its nodes), where each node is, and its value. */
export interface ParsedYaml {
  doc: Document;
  nodes: NodeFinder;
  raw: Json;
}

/** The file parsed, or null when YAML itself refused it (the reasons are in `problems`). */
export function readYaml(text: string, problems: Problems): ParsedYaml | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lines.linePos(offset);
  for (const e of doc.errors) {
    const { line, col } = at(e.pos[0]);
    problems.add(line, col, yamlMessage(e.code, e.message, text, e.pos[0]) + unclosedFlowHint(doc, text, e.message, e.pos[0], lines));
  }
  for (const w of doc.warnings) {
    const { line, col } = at(w.pos[0]);
    problems.add(line, col, `YAML: ${w.message}`, 'warning');
  }
  if (doc.errors.length > 0) return null;

  const nodes = new NodeFinder(doc, lines);
  let raw: Json;
  try {
    raw = (doc.toJS({ maxAliasCount: 1000 }) ?? {}) as Json;
  } catch (err) {
    problems.add(1, 1, `YAML: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
  return { doc, nodes, raw };
}

export class NodeFinder {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** 1-based line:col of the value at `segments` (or of its key), or of the nearest ancestor found. */
  position(segments: Segment[], pointAtKey = false): Position {
    let node: unknown = this.doc.contents;
    let key: unknown = null;
    const here = (n: unknown) => {
      const r = (n as Node | null)?.range;
      return r ? this.lines.linePos(r[0]) : null;
    };
    let best = here(node) ?? { line: 1, col: 1 };
    for (const seg of segments) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(seg));
        if (!pair) return best;
        key = pair.key;
        node = pair.value;
      } else if (isSeq(node)) {
        key = null;
        node = node.items[Number(seg)];
        if (node === undefined) return best;
      } else {
        return best;
      }
      const keyPos = here(key);
      // An empty value (`key:` with nothing after it) has no place of its own: use the key's.
      const emptyValue = node === null || (isScalar(node) && node.value === null && !node.source);
      best = (pointAtKey || emptyValue ? keyPos : here(node)) ?? keyPos ?? best;
    }
    return best;
  }
}

function keyText(k: unknown): string {
  if (isScalar(k)) return String(k.value);
  return String(k);
}

function yamlMessage(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0].trim() ?? '';
    return `YAML: duplicate key '${key.replace(/^["']|["']$/g, '')}' (each key may appear once per mapping)`;
  }
  if (code === 'MULTIPLE_DOCS') return 'YAML: more than one document (---) in the file; psv reads one';
  return `YAML syntax: ${message}`;
}

/**
 * yaml reports an unclosed [ or { where it gives up, often lines later; say where it was opened.
 * The innermost flow collection that starts before the error and lacks its closing bracket.
 */
function unclosedFlowHint(doc: Document, text: string, message: string, offset: number, lines: LineCounter): string {
  const kind = /Flow (sequence|map)/.exec(message)?.[1];
  if (!kind) return '';
  const wanted = kind === 'sequence' ? '[' : '{';
  let opened: { start: number; bracket: string } | null = null;
  visit(doc, {
    Collection(_key, node) {
      if (!isCollection(node) || !node.flow || !node.range) return;
      const [start, end] = node.range;
      const bracket = isSeq(node) ? '[' : '{';
      const closed = text.slice(start, end).trimEnd().endsWith(bracket === '[' ? ']' : '}');
      if (bracket === wanted && start <= offset && !closed && (opened === null || start >= opened.start)) opened = { start, bracket };
    },
  });
  if (opened === null) return '';
  const { start, bracket }: { start: number; bracket: string } = opened;
  const { line, col } = lines.linePos(start);
  return ` (the ${bracket} opened at line ${line}, column ${col})`;
}
