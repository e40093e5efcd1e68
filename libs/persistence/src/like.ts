/**
 * The one way a `LIKE` pattern is built from a value (issue 16): `%`, `_` and the escape character `\` in the value
 * match only themselves (`q=%%` finds names containing "%%", not every name). PostgreSQL's default LIKE escape
 * character is the backslash, so the patterns below need no ESCAPE clause.
 *
 * Bound values are escaped here (`containsPattern`, `prefixPattern`); a pattern built in SQL from a column or a
 * parameter goes through `likeEscapeSql`. Works with `ILIKE` alike, and with an explicit `ESCAPE '\'`.
 */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%value%`: the value anywhere. */
export function containsPattern(value: string): string {
  return `%${likeEscape(value)}%`;
}

/** `value%`: starting with the value. */
export function prefixPattern(value: string): string {
  return `${likeEscape(value)}%`;
}

/** The SQL expression `expr` with its LIKE wildcards escaped, for patterns made in SQL (`col LIKE <this> || '/%'`). */
export function likeEscapeSql(expr: string): string {
  return `replace(replace(replace(${expr}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
}
