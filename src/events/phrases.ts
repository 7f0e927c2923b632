// The words psv puts inside event fields (a stop's reason, how a process went
// down, why a stall was declared) in both languages. The code builds them in
// English through `phrase()` from the table in manifest/events.yaml, so the
// field in the JSON record stays one stable English value (what PSV_REASON,
// incidents, scripts and the PowerShell module read); the bus renders the
// message in its language by reading the English back against the same table
// (`translate`). A text no phrase matches (an OS error message) passes as is.
import { PHRASES, type PhraseName, type PhraseParamMap } from './catalog.generated.js';
import type { Language } from './language.js';

export type { PhraseName };

function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** The phrase in English with its placeholders filled: the value an event field carries. */
export function phrase<N extends PhraseName>(name: N, params: PhraseParamMap[N]): string {
  return fill(PHRASES[name].en, params as Record<string, unknown>);
}

interface Reader {
  pattern: RegExp;
  holes: string[];
  ja: string;
}

let readers: Reader[] | null = null;

/** One anchored pattern per phrase, the ones with more fixed words first (the most specific reading wins). */
function compiled(): Reader[] {
  if (readers) return readers;
  const list = Object.values(PHRASES).map((p) => {
    const holes: string[] = [];
    const source = p.en
      .split(/(\{\w+\})/)
      .map((part) => {
        const hole = /^\{(\w+)\}$/.exec(part);
        if (!hole) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        holes.push(hole[1]!);
        return '([\\s\\S]+?)';
      })
      .join('');
    return { pattern: new RegExp(`^${source}$`), holes, ja: p.ja, fixed: p.en.replace(/\{\w+\}/g, '').length };
  });
  list.sort((a, b) => b.fixed - a.fixed);
  readers = list;
  return readers;
}

/** A field's English text in `language`: each part read as a phrase is put in that language, recursively. */
export function translate(text: string, language: Language): string {
  if (language === 'en' || text === '') return text;
  return translateDepth(text, 0);
}

function translateDepth(text: string, depth: number): string {
  if (depth > 6) return text;
  for (const r of compiled()) {
    const m = r.pattern.exec(text);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.holes.forEach((h, i) => (params[h] = translateDepth(m[i + 1]!, depth + 1)));
    return fill(r.ja, params);
  }
  return text;
}
