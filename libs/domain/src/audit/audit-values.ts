/**
 * Before and after values of a changed record, as the audit trail keeps them (RULES.md §7: "Every action is recorded:
 * who, role, org, when, what, before/after"; issue 17 point 13). Pure.
 *
 * Personal data never enters the audit values unmasked (003 art.46 for the reporter; RULES.md §4 for ID numbers):
 * - passwords, password hashes, secrets, tokens, keyed hashes and sealed values (`…Hash`, `…Enc`) → '[redacted]';
 * - ID numbers (a key `idNumber` / `id_number`, and any 18-character PRC ID number inside any text) → masked as
 *   everywhere else (`1101052020****0428`);
 * - the reporter (a key `reporter`): the name and contact masked, `realName` kept.
 * What the audit is for stays readable: staff accounts' names, roles and addresses, dates, codes, statuses.
 */
import { maskIdNumber } from '../decision/id-number';

export interface AuditChange {
  /** What kind of record: user, registry_entry, reminder_policy, case_access_denial, calendar_year, organisation, … */
  entity: string;
  /** Its key (an id, a year, a profile code); null when it has none. */
  id: string | null;
  /** The record before the change (null: created) and after it (null: removed), masked. */
  before: unknown;
  after: unknown;
  /** Top-level fields whose value changed (all of them for a created or removed record). */
  changed: string[];
}

export const REDACTED = '[redacted]';

const SECRET_KEY = /^(password|passwd|secret|token|accessToken|refreshToken|apiKey)$|password|Hash$|_hash$|Enc$|_enc$/i;
const ID_NUMBER_KEY = /^(id_?number|idNo)$/i;
/** An 18-character PRC resident ID number anywhere in a text (the check digit is not required here: mask generously). */
const PRC_ID_IN_TEXT = /(?<!\d)\d{17}[\dXx](?!\d)/g;

export function maskPersonName(name: unknown): string {
  const chars = Array.from(typeof name === 'string' ? name.trim() : '');
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** An e-mail address as `l***@e***.org`, a phone number with its middle hidden, anything else hidden. */
export function maskContact(contact: unknown): string {
  if (typeof contact !== 'string' || contact.trim() === '') return '';
  const c = contact.trim();
  const at = c.indexOf('@');
  if (at > 0) {
    const domain = c.slice(at + 1);
    const dot = domain.lastIndexOf('.');
    return `${c.slice(0, 1)}***@${domain.slice(0, 1)}***${dot > 0 ? domain.slice(dot) : ''}`;
  }
  const digits = c.replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return '***';
}

function maskReporter(v: unknown): unknown {
  if (v === null || v === undefined) return v ?? null;
  if (typeof v !== 'object' || Array.isArray(v)) return REDACTED;
  const r = v as Record<string, unknown>;
  return {
    ...(r.name !== undefined ? { name: maskPersonName(r.name) } : {}),
    ...(r.contact !== undefined ? { contact: maskContact(r.contact) } : {}),
    ...(typeof r.realName === 'boolean' ? { realName: r.realName } : {}),
  };
}

/** A deep copy of `v` with personal data masked (see the module comment). Dates become ISO strings. */
export function maskAuditValue(v: unknown, key?: string): unknown {
  if (key !== undefined) {
    if (SECRET_KEY.test(key) && !/masked$/i.test(key)) return v === null || v === undefined ? (v ?? null) : REDACTED;
    if (ID_NUMBER_KEY.test(key)) return typeof v === 'string' ? maskIdNumber(v) : v === null || v === undefined ? (v ?? null) : REDACTED;
    if (key === 'reporter') return maskReporter(v);
  }
  if (typeof v === 'string') return v.replace(PRC_ID_IN_TEXT, (m) => maskIdNumber(m));
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => maskAuditValue(x));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, maskAuditValue(x, k)]),
    );
  }
  return v ?? null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The audit record of one change: both values masked, the fields that changed listed. Null when nothing changed
 * (a write that left the record as it was adds no change). Fields are compared as stored (before masking), so
 * a changed password shows as changed although both values read '[redacted]'.
 */
export function auditChange(entity: string, id: string | null, before: unknown, after: unknown): AuditChange | null {
  const b = before ?? null;
  const a = after ?? null;
  const isObj = (x: unknown): x is Record<string, unknown> =>
    x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date);
  let changed: string[];
  if (isObj(b) && isObj(a)) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    changed = keys.filter((k) => !same(b[k] ?? null, a[k] ?? null));
  } else if (same(b, a)) changed = [];
  else changed = isObj(a) ? Object.keys(a) : isObj(b) ? Object.keys(b) : ['value'];
  if (changed.length === 0) return null;
  return { entity, id, before: maskAuditValue(b), after: maskAuditValue(a), changed };
}
