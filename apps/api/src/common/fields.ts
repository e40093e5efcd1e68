/**
 * Fields of class-validator DTOs (query strings, JSON bodies) declared once: each decorator applies the check and
 * documents the same limit in OpenAPI, so what `/docs-json` allows is what the server takes (issue 15 point 2; the
 * contract check, Schemathesis, tries both sides). Patterns are written with ASCII classes (`[0-9]`, not `\d`): a
 * pattern means the same to every client's regular-expression engine.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DATE_PATTERN, isBusinessDate, NO_NUL } from '@libs/contract/src';

type Doc = Omit<
  ApiPropertyOptions,
  'required' | 'pattern' | 'enum' | 'type' | 'format' | 'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'nullable'
> & {
  /** Default false: the field may be left out. */
  required?: boolean;
  /** The field may be null (documented as nullable). */
  nullable?: boolean;
};

const NUL_FREE = new RegExp(NO_NUL);

function api(doc: Doc, schema: Record<string, unknown>): PropertyDecorator[] {
  const { required = false, nullable = false, ...rest } = doc;
  const options = { ...rest, ...schema, ...(nullable ? { nullable: true } : {}) } as ApiPropertyOptions;
  return [
    required ? ApiProperty(options) : ApiPropertyOptional(options),
    // Left out: nothing to check (optional fields). null: checked and refused unless the field is nullable.
    ValidateIf((_, v: unknown) => (required || v !== undefined) && !(nullable && v === null)),
  ];
}

/** A string matching one regular expression (written without flags), documented with that pattern. */
export function PatternField(re: RegExp, message: string, doc: Doc & { length?: { min: number; max: number } } = {}): PropertyDecorator {
  if (re.flags) throw new Error(`PatternField: ${re} has flags; OpenAPI patterns have none`);
  const { length, ...rest } = doc;
  return applyDecorators(
    ...api(rest, { type: String, pattern: re.source, ...(length ? { minLength: length.min, maxLength: length.max } : {}) }),
    IsString({ message }),
    Matches(re, { message }),
    ...(length ? [MinLength(length.min), MaxLength(length.max)] : []),
  );
}

/** One of a closed list of strings. */
export function EnumField(values: readonly string[], doc: Doc = {}, name = 'value'): PropertyDecorator {
  return applyDecorators(
    ...api(doc, { type: String, enum: [...values] }),
    IsIn([...values], { message: `${name} must be one of ${values.join(', ')}` }),
  );
}

export function UuidField(doc: Doc = {}, name = 'value', message = `${name} must be a UUID`): PropertyDecorator {
  return applyDecorators(...api(doc, { type: String, format: 'uuid' }), IsUUID(undefined, { message }));
}

/** A real calendar day YYYY-MM-DD of 1900–2099 (libs/contract DATE_PATTERN; 2026-02-30 is refused), named in the message. */
export function DateField(doc: Doc = {}): PropertyDecorator {
  return (target, key) => {
    const message = `${String(key)} must be a date YYYY-MM-DD (a calendar date of 1900–2099)`;
    applyDecorators(
      ...api(doc, { type: String, format: 'date', pattern: DATE_PATTERN }),
      IsString({ message }),
      Matches(new RegExp(DATE_PATTERN), { message }),
      ValidateBy({ name: 'isCalendarDate', validator: { validate: (v) => isBusinessDate(v), defaultMessage: () => message } }),
    )(target, key);
  };
}

/**
 * A list of such dates (`each` checked with the same rule), with its own messages for the list's bounds (a holiday notice:
 * `holidays`, `makeupWorkdays`).
 */
export function DateListField(name: string, limits: { min?: number; max: number; minMessage?: string }, doc: Doc = {}): PropertyDecorator {
  const message = `${name} must be dates YYYY-MM-DD (calendar dates of 1900–2099)`;
  return applyDecorators(
    ...api(doc, {
      type: 'array',
      items: { type: 'string', format: 'date', pattern: DATE_PATTERN },
      maxItems: limits.max,
      ...(limits.min ? { minItems: limits.min } : {}),
    }),
    IsArray({ message: `${name} must be an array of dates YYYY-MM-DD` }),
    ...(limits.min ? [ArrayMinSize(limits.min, { message: limits.minMessage ?? `${name} must list at least ${limits.min}` })] : []),
    ArrayMaxSize(limits.max, { message: `${name} must list at most ${limits.max} days` }),
    ValidateBy(
      { name: 'isCalendarDate', validator: { validate: (v) => typeof v === 'string' && isBusinessDate(v), defaultMessage: () => message } },
      { each: true, message },
    ),
  );
}

/** [decision] No list is paged past page 10,000 (at 100 a page: a million rows; exports serve more). */
export const MAX_PAGE = 10_000;

/** `page`: 1–MAX_PAGE, written plainly ('1e300' and '99999999999999999999' never reach an OFFSET). */
export function PageField(): PropertyDecorator {
  return IntQueryField(1, MAX_PAGE, `page must be a positive whole number, at most ${MAX_PAGE}`, {
    default: 1,
    description: 'page number',
  });
}

/** `pageSize`: 1–`max` rows a page, `fallback` when left out. */
export function PageSizeField(max: number, fallback: number): PropertyDecorator {
  return IntQueryField(1, max, `pageSize must be a whole number 1–${max}`, { default: fallback, description: 'rows a page' });
}

/** The page and page size a list query asks for (already checked by PageField and PageSizeField). */
export function pageOf(
  q: { page?: string | number; pageSize?: string | number },
  fallbackSize: number,
): { page: number; pageSize: number } {
  return { page: Number(q.page ?? 1), pageSize: Number(q.pageSize ?? fallbackSize) };
}

/** Free text of `min`–`max` characters without NUL characters. */
export function TextField(min: number, max: number, doc: Doc = {}): PropertyDecorator {
  return applyDecorators(
    ...api(doc, { type: String, minLength: min, maxLength: max, pattern: NO_NUL }),
    IsString(),
    MinLength(min),
    MaxLength(max),
    Matches(NUL_FREE, { message: 'must not contain NUL characters' }),
  );
}

/**
 * A whole number given as text (a query parameter), documented as an integer with its bounds: canonical decimal digits
 * (no sign, no leading zeros, no exponent) within [min, max].
 */
export function IntQueryField(min: number, max: number, message: string, doc: Doc = {}): PropertyDecorator {
  return applyDecorators(
    ...api(doc, { type: 'integer', minimum: min, maximum: max }),
    ValidateBy({
      name: 'isWholeNumber',
      validator: {
        validate: (v) => typeof v === 'string' && /^(0|[1-9][0-9]{0,15})$/.test(v) && Number(v) >= min && Number(v) <= max,
        defaultMessage: () => message,
      },
    }),
  );
}

export function BooleanField(doc: Doc = {}): PropertyDecorator {
  return applyDecorators(...api(doc, { type: Boolean }), IsBoolean());
}

export function IntField(min: number, max: number, doc: Doc = {}): PropertyDecorator {
  return applyDecorators(...api(doc, { type: 'integer', minimum: min, maximum: max }), IsInt(), Min(min), Max(max));
}

/** A list of strings, each matching `item` (a pattern, or a closed list). */
export function StringListField(
  item: { pattern: RegExp; message: string } | { enum: readonly string[] } | { uuid: true },
  limits: { min?: number; max: number; unique?: boolean },
  doc: Doc = {},
): PropertyDecorator {
  const items =
    'pattern' in item
      ? { type: 'string', pattern: item.pattern.source }
      : 'enum' in item
        ? { type: 'string', enum: [...item.enum] }
        : { type: 'string', format: 'uuid' };
  const checks: PropertyDecorator[] = [
    IsArray(),
    ArrayMaxSize(limits.max),
    ...(limits.min ? [ArrayMinSize(limits.min)] : []),
    ...(limits.unique ? [ArrayUnique()] : []),
    'pattern' in item
      ? Matches(item.pattern, { each: true, message: item.message })
      : 'enum' in item
        ? IsIn([...item.enum], { each: true })
        : IsUUID(undefined, { each: true }),
  ];
  if ('pattern' in item) checks.push(IsString({ each: true, message: item.message }));
  return applyDecorators(
    ...api(doc, {
      type: 'array',
      items,
      maxItems: limits.max,
      ...(limits.min ? { minItems: limits.min } : {}),
      ...(limits.unique ? { uniqueItems: true } : {}),
    }),
    ...checks,
  );
}

/** A nested object (its own DTO class), or a list of them. */
export function NestedField(cls: () => new () => object, doc: Doc & { list?: { min?: number; max: number } } = {}): PropertyDecorator {
  const { list, ...rest } = doc;
  if (list) {
    return applyDecorators(
      ...api(rest, { type: [cls()], maxItems: list.max, ...(list.min ? { minItems: list.min } : {}) }),
      IsArray(),
      ArrayMaxSize(list.max),
      ...(list.min ? [ArrayMinSize(list.min)] : []),
      ValidateNested({ each: true }),
      Type(cls),
    );
  }
  return applyDecorators(...api(rest, { type: cls() }), ValidateNested(), Type(cls));
}
