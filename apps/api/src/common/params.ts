/**
 * The one rule for each kind of request parameter that every DTO and query shares (issue 16):
 *  - dates: `CalendarDate` = `isBusinessDate` (libs/domain/src/calendar/iso-date.ts) (YYYY-MM-DD, a real calendar day, 1900–2099), the same
 *    rule as the action bodies' `IsoDate`, so '2026-02-30', '9999-99-99' and '0000-01-01' answer 400 everywhere;
 *  - paging: `PageParam` (1…MAX_PAGE) and `PageSizeParam` (1…its list's maximum), whole numbers written plainly,
 *    so '1e300' or '99999999999999999999' never reach an OFFSET.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { DATE_PATTERN, isBusinessDate } from '../../../../libs/contract/src/primitives';

/** [decision] No list is paged past page 10,000 (at 100 a page: a million rows; exports serve more). */
export const MAX_PAGE = 10_000;
const PAGE_RE = /^([1-9]\d{0,3}|10000)$/;

/** A date field or query parameter (`each` for lists of dates); `nullable` lets null through (clearing a date). */
export function CalendarDate(
  name: string,
  opts: { required?: boolean; nullable?: boolean; each?: boolean; description?: string; example?: string; document?: boolean } = {},
): PropertyDecorator {
  const { required = true, nullable = false, each = false, document = true } = opts;
  const doc = { description: opts.description, example: opts.example ?? '2026-11-02' };
  const schema = each
    ? { type: [String], items: { type: 'string', format: 'date', pattern: DATE_PATTERN }, ...doc }
    : { type: String, format: 'date', pattern: DATE_PATTERN, nullable: nullable || undefined, ...doc };
  const validation: ValidationOptions = {
    each,
    message: each ? `${name} must be dates YYYY-MM-DD (calendar dates of 1900–2099)` : `${name} must be a date YYYY-MM-DD (a calendar date of 1900–2099)`,
  };
  return applyDecorators(
    ...(document ? [required ? ApiProperty(schema as never) : ApiPropertyOptional(schema as never)] : []),
    ...(required ? [] : [IsOptional()]),
    ...(nullable ? [ValidateIf((_: unknown, v: unknown) => v !== null)] : []),
    ValidateBy({ name: 'calendar_date', validator: { validate: (v: unknown) => isBusinessDate(v) } }, validation),
  );
}

export function PageParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1, description: `page number, 1–${MAX_PAGE}, written plainly (no exponent, no sign)` }),
    IsOptional(),
    Matches(PAGE_RE, { message: `page must be a positive whole number, at most ${MAX_PAGE}` }),
  );
}

export function PageSizeParam(max: number, fallback: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: max, default: fallback, description: `rows a page, 1–${max}` }),
    IsOptional(),
    ValidateBy(
      { name: 'page_size', validator: { validate: (v: unknown) => typeof v === 'string' && /^[1-9]\d{0,3}$/.test(v) && Number(v) <= max } },
      { message: `pageSize must be a whole number 1–${max}` },
    ),
  );
}

/** The page and page size a list query asks for (already checked by PageParam and PageSizeParam). */
export function pageOf(q: { page?: string | number; pageSize?: string | number }, fallbackSize: number): { page: number; pageSize: number } {
  return { page: Number(q.page ?? 1), pageSize: Number(q.pageSize ?? fallbackSize) };
}
