// Splits one command-line string into argv without running a shell: no variable
// expansion, globbing, pipes or redirection.
//   - spaces and tabs (and newlines) separate words;
//   - '...' keeps everything inside literally;
//   - "..." keeps everything inside, except that \" is a literal double quote;
//   - outside quotes, a backslash before a space, tab or quote makes it literal.
// Every other backslash is kept as it is, so Windows paths need no doubling:
// C:\tools\app.exe and \\server\share\app.exe split as written.

const SPACE = new Set([' ', '\t', '\n', '\r']);

export function splitCommandLine(s: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (SPACE.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote (opened at character ${i + 1})`);
      word += s.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const start = i;
      i++;
      while (s[i] !== '"') {
        if (i >= s.length) throw new Error(`unterminated double quote (opened at character ${start + 1})`);
        if (s[i] === '\\' && s[i + 1] === '"') i++;
        word += s[i];
        i++;
      }
      i++;
    } else if (c === '\\' && i + 1 < s.length && (SPACE.has(s[i + 1]) || s[i + 1] === '"' || s[i + 1] === "'")) {
      word += s[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
