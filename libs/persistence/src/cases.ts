/**
 * Reads of the case projection (`cases`) outside the case pages: registration data is written once by the API when a
 * case is opened (case-opening.ts, case-registration.ts); every lifecycle field only by the case projection activity.
 */
import type { Queryable } from './queryable';

/** The numbers of the open cases a year's holiday notice may touch: not transferred or terminated, not closed without
 *  a pending deadline, and received by the year's end (a case received after it has no deadline that touches it). */
export async function caseNumbersOpenInYear(q: Queryable, year: number): Promise<Array<{ number: string }>> {
  return (await q.query(
    `SELECT number FROM cases
          WHERE phase NOT IN ('transferred', 'terminated') AND (phase <> 'closed' OR next_due_date IS NOT NULL)
            AND received_at <= make_date($1, 12, 31)
          ORDER BY number`,
    [year],
  )) as Array<{ number: string }>;
}
