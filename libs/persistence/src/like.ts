/**
 * A `LIKE`/`ILIKE` pattern that matches `text` literally as a substring: `%`, `_` and the escape character itself are
 * escaped, so a search for "50%_" finds "50%_" and not everything. Use with `ESCAPE '\'`:
 * `title ILIKE $1 ESCAPE '\'` with `$1 = containsPattern(q)`.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
