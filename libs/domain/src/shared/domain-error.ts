/**
 * Domain errors carry a stable code; the HTTP edge maps codes to status codes (see apps/api/src/common/domain-error.filter.ts).
 * Pure: usable from workflows, activities and the API alike.
 *
 * Every refusal names what is wrong as `issues`: one entry per failing field or rule (`path` in the request, the
 * `rule` broken, the `article` of the case's policy profile it comes from), so a client can show each message beside its
 * field. `validationFailed` builds the 400 with all of them at once.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'ACTION_NOT_ALLOWED'
  | 'VERSION_MISMATCH'
  | 'PRECONDITION_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'CALENDAR_DATA_INVALID'
  | 'PERIOD_INVALID'
  | 'POLICY_PROFILE_UNKNOWN'
  | 'DATE_INVALID';

/** One thing wrong with a request: where (`path`, e.g. `authors[1].measures[0].years`), which rule, which article. */
export interface Issue {
  path: string;
  rule?: string;
  article?: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode | string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The issues this error names: `details.issues`, else the one `details.field` (older call sites), else none. */
  get issues(): Issue[] {
    const listed = this.details.issues;
    if (Array.isArray(listed)) return listed as Issue[];
    const field = this.details.field;
    if (typeof field === 'string') {
      const prefix = `${field}: `;
      const message = this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
      const rule = typeof this.details.rule === 'string' ? this.details.rule : undefined;
      const article = typeof this.details.article === 'string' ? this.details.article : undefined;
      return [{ path: field, ...(rule ? { rule } : {}), ...(article ? { article } : {}), message }];
    }
    return [];
  }
}

/** A 400 naming every issue at once; the message summarises the first and counts the rest. */
export function validationFailed(issues: Issue[], extra: Record<string, unknown> = {}): DomainError {
  const first = issues[0];
  const message = !first
    ? 'the request is not valid'
    : `${first.path ? `${first.path}: ` : ''}${first.message}${first.article ? ` (${first.article})` : ''}${issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : ''}`;
  return new DomainError('VALIDATION_FAILED', message, { ...extra, issues });
}
