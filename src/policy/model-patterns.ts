/** Model allow-list patterns: exact ids (`openai/gpt-4o`) or globs with `*` (`openai/*`, `*:free`). */

function glob(pattern: string): RegExp {
  const body = pattern
    .trim()
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** True when the list is empty (everything allowed) or a pattern matches the id or the id without its `:variant`. */
export function modelAllowed(model: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  const id = model.trim().toLowerCase();
  const base = id.split(':')[0] ?? id;
  return patterns.some((p) => {
    const re = glob(p);
    return re.test(id) || re.test(base);
  });
}

/** `openai/*, anthropic/claude-3.5-sonnet` from free text (commas or spaces). */
export function parsePatterns(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
}
