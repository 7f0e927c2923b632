// The default message language: Japanese when the OS locale is Japanese.
/** The languages every event message exists in. */
export type Language = 'en' | 'ja';

/**
 * LC_ALL, LC_MESSAGES and LANG decide in that order (the POSIX rule); when none is
 * set (Windows, or a bare service environment), the runtime's locale (Intl, which
 * on Windows follows the user's display language) decides.
 */
export function localeLanguage(env: NodeJS.ProcessEnv = process.env, intlLocale: () => string = runtimeLocale): Language {
  const posix = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  // Intl only when asked: its first use maps several MB of locale data into the monitor.
  const locale = posix ?? intlLocale();
  return /^ja(?:[_.@-]|$)/i.test(locale) ? 'ja' : 'en';
}

function runtimeLocale(): string {
  return Intl.DateTimeFormat().resolvedOptions().locale;
}
