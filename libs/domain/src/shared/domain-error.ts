/**
 * Domain errors carry a stable code; the HTTP edge maps codes to status codes (see apps/api/src/common/domain-error.filter.ts).
 * Pure: usable from workflows, activities and the API alike.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'ACTION_NOT_ALLOWED'
  | 'VERSION_MISMATCH'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'CALENDAR_DATA_INVALID'
  | 'PERIOD_INVALID'
  | 'POLICY_PROFILE_UNKNOWN'
  | 'DATE_INVALID';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode | string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
