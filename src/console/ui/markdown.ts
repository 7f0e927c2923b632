// Stands in for codemirror-json-schema's markdown renderer (utils/markdown), swapped
// in by scripts/build-console.mjs: the original loads markdown-it and shiki (syntax
// highlighting with grammars and themes, ~0.5 MB) to render one-line schema
// descriptions. Its output goes into innerHTML, so everything is escaped first;
// only `code` spans become markup.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function renderMarkdown(markdown: string, _inline = true): string {
  return escapeHtml(markdown).replace(/`([^`]+)`/g, '<code>$1</code>');
}
