import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/src';
import { isValidIsoDate } from '../../../../libs/domain/src/calendar';
import { DomainError } from '../../../../libs/domain/src/shared';
import { FieldCrypto } from '../../../../libs/security/src';
import { containsPattern } from '../../../../libs/persistence/src/like';
import type { Principal } from '../auth/principal';

interface EntryRow {
  id: string;
  case_id: string;
  case_number: string;
  handling_org_id: string;
  person_name: string;
  organisation: string;
  id_number_masked: string;
  profile: string;
  measure_code: string;
  measure_label: string;
  starts_on: string;
  ends_on: string | null;
  permanent: boolean;
  status: string;
}

const REGISTRY_ROLES = ['integrity_admin', 'supervisor', 'system_admin'];
const SELECT = `SELECT r.id, r.case_id, c.number AS case_number, c.handling_org_id, r.person_name, r.organisation, r.id_number_masked,
  r.profile, r.measure_code, r.measure_label, to_char(r.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(r.ends_on, 'YYYY-MM-DD') AS ends_on,
  r.permanent, r.status FROM registry_entries r JOIN cases c ON c.id = r.case_id`;

/**
 * The misconduct-person registry (失信人员信息库, RULES.md §6): each penalised person with each measure, its period and
 * the issuing case. [decision] It is a cross-institution bar, so integrity administrators, supervisors and system
 * administrators of any organisation may check it; ID numbers only ever leave masked.
 */
@Injectable()
export class RegistryService {
  private readonly crypto: FieldCrypto;
  constructor(
    private readonly ds: DataSource,
    config: ConfigService<{ app: AppConfig }, true>,
  ) {
    const { idEncryptionKey, idEncryptionPreviousKeys } = config.get('app', { infer: true });
    this.crypto = new FieldCrypto(idEncryptionKey, idEncryptionPreviousKeys);
  }

  /** By name (part of it), full ID number, or masked ID number as shown elsewhere. */
  async persons(p: Principal, q: string) {
    requireRole(p);
    const term = q.trim();
    if (term.length < 2) throw new DomainError('VALIDATION_FAILED', 'q: at least 2 characters (a name, an ID number or a masked ID number)', { field: 'q' });
    const rows: EntryRow[] = await this.ds.query(
      `${SELECT} WHERE r.id_number_hash = ANY($1) OR r.id_number_masked = $2 OR r.person_name LIKE $3 ORDER BY r.person_name, r.starts_on LIMIT 200`,
      [this.crypto.lookupHashes(term), term, containsPattern(term)],
    );
    const persons = new Map<string, { name: string; idNumber: string; organisation: string; entries: ReturnType<typeof entryView>[] }>();
    for (const r of rows) {
      const key = `${r.person_name}|${r.id_number_masked}`;
      if (!persons.has(key)) persons.set(key, { name: r.person_name, idNumber: r.id_number_masked, organisation: r.organisation, entries: [] });
      persons.get(key)!.entries.push(entryView(r));
    }
    return [...persons.values()];
  }

  /** Is the person barred from the activity of `measure` on date `on`? */
  async check(p: Principal, idNumber: string, measure: string | undefined, on: string) {
    requireRole(p);
    if (!isValidIsoDate(on)) throw new DomainError('VALIDATION_FAILED', 'on: must be a date YYYY-MM-DD', { field: 'on' });
    const rows: EntryRow[] = await this.ds.query(
      `${SELECT} WHERE r.id_number_hash = ANY($1) AND ($2::text IS NULL OR r.measure_code = $2) AND r.status <> 'revoked'
         AND r.starts_on <= $3::date AND (r.permanent OR r.ends_on IS NULL OR r.ends_on > $3::date)
       ORDER BY r.starts_on`,
      [this.crypto.lookupHashes(idNumber), measure ?? null, on],
    );
    const indefinite = rows.some((r) => r.permanent || r.ends_on === null);
    const until = rows.length === 0 || indefinite ? null : rows.map((r) => r.ends_on!).sort().at(-1)!;
    return { barred: rows.length > 0, until, permanent: rows.some((r) => r.permanent), decisions: rows.map(entryView) };
  }

  /** A reduction (003 art.40) or a review result changes an entry; the change is kept in its history. */
  async change(p: Principal, id: string, body: { endsOn?: string | null; status?: 'changed' | 'revoked'; reason: string }) {
    const rows: EntryRow[] = await this.ds.query(`${SELECT} WHERE r.id = $1`, [id]);
    const r = rows[0];
    if (!r) throw new DomainError('NOT_FOUND', 'registry entry not found');
    if (!(p.orgId === r.handling_org_id && p.roles.includes('integrity_admin'))) {
      throw new DomainError('FORBIDDEN', "registry entries are changed by the issuing organisation's integrity administrators");
    }
    if (body.endsOn !== undefined && body.endsOn !== null && (!isValidIsoDate(body.endsOn) || body.endsOn <= r.starts_on)) {
      throw new DomainError('VALIDATION_FAILED', `endsOn: must be a date after the start (${r.starts_on})`, { field: 'endsOn' });
    }
    const after = {
      endsOn: body.endsOn === undefined ? r.ends_on : body.endsOn,
      permanent: body.endsOn === undefined ? r.permanent : false,
      status: body.status ?? 'changed',
    };
    await this.ds.transaction(async (tx) => {
      await tx.query(`UPDATE registry_entries SET ends_on = $2, permanent = $3, status = $4, updated_at = now() WHERE id = $1`, [id, after.endsOn, after.permanent, after.status]);
      await tx.query(`INSERT INTO registry_entry_history (entry_id, changed_by, reason, before, after) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        p.userId,
        body.reason,
        JSON.stringify({ endsOn: r.ends_on, permanent: r.permanent, status: r.status }),
        JSON.stringify(after),
      ]);
    });
    return this.entry(p, id);
  }

  /** One entry with its history: for the registry's roles, as the list (an investigator or a case officer reads neither). */
  async entry(p: Principal, id: string) {
    requireRole(p);
    const rows: EntryRow[] = await this.ds.query(`${SELECT} WHERE r.id = $1`, [id]);
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'registry entry not found');
    const history: Array<{ changed_at: Date; reason: string; before: unknown; after: unknown }> = await this.ds.query(
      `SELECT changed_at, reason, before, after FROM registry_entry_history WHERE entry_id = $1 ORDER BY id`,
      [id],
    );
    return { ...entryView(rows[0]), history: history.map((h) => ({ at: h.changed_at.toISOString(), reason: h.reason, before: h.before, after: h.after })) };
  }
}

function requireRole(p: Principal): void {
  if (!p.roles.some((r) => REGISTRY_ROLES.includes(r))) throw new DomainError('FORBIDDEN', `the registry needs one of the roles ${REGISTRY_ROLES.join(', ')}`);
}

function entryView(r: EntryRow) {
  return {
    id: r.id,
    caseNumber: r.case_number,
    measure: r.measure_code,
    measureLabel: r.measure_label,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    permanent: r.permanent,
    status: r.status,
    profile: r.profile,
  };
}
