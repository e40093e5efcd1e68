/**
 * Building blocks of the HTTP contract (JSON Schema through TypeBox): the same schema validates a request at the edge
 * (validate.ts, every failing field at once) and documents it in OpenAPI (`/docs-json`), so what the document allows is
 * what the server takes. OpenAPI 3.0 dialect: enums rather than `const`, `nullable` rather than type lists.
 *
 * Pure: no framework imports.
 */
import { Type, type SchemaOptions, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { BUSINESS_DATE_PATTERN, isBusinessDate } from '@libs/domain/src/calendar/iso-date';

/** No string anywhere in the API may hold a NUL character (PostgreSQL text cannot store it). */
export const NO_NUL = '^[^\\u0000]*$';
/** Required text: at least one character that is not white space, and no NUL. */
const FILLED = '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$';

/** Free text (opinion, note, reason); `required` texts must not be blank. */
export function Text(maxLength: number, opts: SchemaOptions & { required?: boolean } = {}) {
  const { required = true, ...rest } = opts;
  return Type.String({ minLength: required ? 1 : 0, maxLength, pattern: required ? FILLED : NO_NUL, ...rest });
}

/**
 * [decision] Business dates are real calendar days of 1900–2099 ('2026-02-30' and '0000-01-01' are refused): the
 * pattern here, the calendar check by `format: 'date'`; DTO fields and query parameters use the same rule through
 * `DateField`/`DateListField` (apps/api/src/common/fields.ts), importers through `isBusinessDate`.
 */
export const DATE_PATTERN = BUSINESS_DATE_PATTERN;
export { isBusinessDate };

export function IsoDate(opts: SchemaOptions = {}) {
  return Type.String({ format: 'date', pattern: DATE_PATTERN, example: '2026-11-02', ...opts });
}

export function Uuid(opts: SchemaOptions = {}) {
  return Type.String({ format: 'uuid', ...opts });
}

export function Email(opts: SchemaOptions = {}) {
  return Type.String({ format: 'email', maxLength: 254, ...opts });
}

/** A string enum as OpenAPI 3.0 writes it (`enum`, not TypeBox's `anyOf` of `const`s). */
export function StringEnum<T extends string>(values: readonly T[], opts: SchemaOptions = {}): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...opts });
}

/** `true` only (a declaration that must be made). */
export function MustBeTrue(opts: SchemaOptions = {}): TUnsafe<true> {
  return Type.Unsafe<true>({ type: 'boolean', enum: [true], ...opts });
}

/** A closed object: unknown keys are refused (400, rule `unknown_field`). */
export function Body<P extends Parameters<typeof Type.Object>[0]>(properties: P, opts: SchemaOptions = {}) {
  return Type.Object(properties, { additionalProperties: false, ...opts });
}

/** A list of distinct strings. */
export function StringList(item: TSchema, opts: { minItems?: number; maxItems: number } & SchemaOptions) {
  return Type.Array(item, { uniqueItems: true, ...opts });
}

/** The business date an action took place (backdating), documented once for every action. */
export const ON_DESCRIPTION =
  'Business date the action took place (Asia/Shanghai, YYYY-MM-DD); defaults to today. It may not be in the future, ' +
  "may not precede the case's latest recorded action, and follows the action's own order (a suspension after acceptance, " +
  'a resume after its suspension, a decision after the report). Deadlines count from it (RULES.md §3).';
