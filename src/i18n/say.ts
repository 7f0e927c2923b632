// Text an operator reads, in the operator's language: every such string is written
// in both languages where it is made, so none can exist in one only.
import { localeLanguage, type Language } from '../events/language.js';

/** One piece of operator text in every language psv speaks. */
export interface Bilingual {
  en: string;
  ja: string;
}

let chosen: Language | undefined;

/**
 * The language of this process's output: set explicitly (the config's language, a
 * command-line choice), else PSV_LANG when it names one, else the OS locale.
 */
export function outputLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  if (chosen !== undefined) return chosen;
  const forced = env.PSV_LANG?.toLowerCase();
  const language: Language = forced === 'en' || forced === 'ja' ? forced : localeLanguage(env);
  chosen = language;
  return language;
}

/** Fixes the output language (the config or a flag decided it); undefined goes back to the environment's. */
export function setOutputLanguage(language: Language | undefined): void {
  chosen = language;
}

/** The text in the output language, with {name} placeholders filled from params. */
export function say(text: Bilingual, params: Record<string, string | number> = {}): string {
  return text[outputLanguage()].replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
