import { likeEscapeSql } from './like';

/**
 * SQL condition on a materialised-path column (RULES.md §1): the organisation at `$n` and its descendants. `$n` is the
 * parameter index the caller binds the organisation's path to.
 */
export function subtreeCondition(column: string, n: number): string {
  return `(${column} = $${n} OR ${column} LIKE ${likeEscapeSql(`$${n}`)} || '/%')`;
}
