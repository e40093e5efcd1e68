/**
 * Validates a request value against its contract schema and names every failing field at once, as the issues of the
 * one error body (`{ path, rule, message }`): `authors[1].measures[0].years`, rule `maximum`; an unknown key is rule
 * `unknown_field`. Defaults declared in the schema are filled in (empty lists of a decision form).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import { validationFailed, type Issue } from '@libs/domain/src/shared';
import { DATE_PATTERN, NO_NUL } from './primitives';

// strictRequired off: `anyOf: [{ required: ['a'] }, { required: ['b'] }]` names keys declared beside it, as OpenAPI writes it.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true, useDefaults: true, coerceTypes: false });
addFormats(ajv, ['date', 'date-time', 'uuid', 'email']);
ajv.addKeyword('example');

const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Every issue of `value` against `schema`; [] when it conforms. */
export function schemaIssues(schema: TSchema, value: unknown): Issue[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return toIssues(validate.errors ?? []);
}

/** Throws the 400 naming every issue, or returns the value (with schema defaults filled in) typed by the caller. */
export function conform<T>(schema: TSchema, value: unknown): T {
  const issues = schemaIssues(schema, value);
  if (issues.length) throw validationFailed(issues);
  return value as T;
}

function toIssues(errors: ErrorObject[]): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  const add = (i: Issue) => {
    const key = `${i.path}|${i.rule}|${i.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(i);
    }
  };
  for (const e of errors) {
    // Branches of an `anyOf` of required keys are reported once, by the anyOf itself.
    if (e.schemaPath.includes('/anyOf/') && e.keyword === 'required') continue;
    const at = pathOf(e.instancePath);
    switch (e.keyword) {
      case 'required':
        add({ path: join(at, (e.params as { missingProperty: string }).missingProperty), rule: 'required', message: 'is required' });
        break;
      case 'additionalProperties':
        add({
          path: join(at, (e.params as { additionalProperty: string }).additionalProperty),
          rule: 'unknown_field',
          message: 'unknown field: not part of this request',
        });
        break;
      case 'anyOf': {
        const alternatives = ((e.parentSchema as { anyOf?: Array<{ required?: string[] }> }).anyOf ?? []).flatMap((s) => s.required ?? []);
        add({
          path: at,
          rule: 'anyOf',
          message: alternatives.length ? `needs at least one of: ${alternatives.join(', ')}` : 'matches none of the allowed forms',
        });
        break;
      }
      case 'pattern':
        add({ path: at, rule: 'pattern', message: patternMessage((e.params as { pattern: string }).pattern) });
        break;
      case 'format':
        add({ path: at, rule: 'format', message: formatMessage((e.params as { format: string }).format) });
        break;
      case 'enum':
        add({
          path: at,
          rule: 'enum',
          message: `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`,
        });
        break;
      case 'type':
        add({
          path: at,
          rule: 'type',
          message:
            at === ''
              ? `the body must be a JSON ${(e.params as { type: string }).type}`
              : `must be ${article((e.params as { type: string }).type)}`,
        });
        break;
      default:
        add({ path: at, rule: e.keyword, message: e.message ?? 'is not valid' });
    }
  }
  return out;
}

function patternMessage(pattern: string): string {
  if (pattern === NO_NUL) return 'may not contain NUL characters';
  if (pattern === DATE_PATTERN) return 'must be a date YYYY-MM-DD between 1900 and 2099';
  if (pattern.includes('[^\\s\\u0000]')) return 'must not be blank (and may not contain NUL characters)';
  return `must match ${pattern}`;
}

function formatMessage(format: string): string {
  if (format === 'date') return 'must be a real calendar date YYYY-MM-DD';
  if (format === 'uuid') return 'must be a UUID';
  if (format === 'email') return 'must be an e-mail address';
  return `must be a valid ${format}`;
}

function article(type: string): string {
  return type === 'object' || type === 'array' || type === 'integer' ? `an ${type === 'integer' ? 'integer' : type}` : `a ${type}`;
}

/** `/authors/0/measures/1/years` → `authors[0].measures[1].years`. */
function pathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}
