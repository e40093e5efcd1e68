import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/src';
import { isValidIsoDate } from '../../../../libs/domain/src/calendar';
import {
  BARRED_ACTIVITIES,
  BARRED_ACTIVITY_LABELS,
  CATALOGUES,
  checkBars,
  cite,
  measureBars,
  type BarredActivity,
} from '../../../../libs/domain/src/decision';
import { DomainError, validationFailed } from '../../../../libs/domain/src/shared';
import { changeEntry, ENTRY_SELECT, entriesOfPerson, type PersonEntryRow } from '../../../../libs/persistence/src/registry';
import { FieldCrypto } from '../../../../libs/security/src';
import { noteChange } from '../audit/audit.service';
import { containsPattern } from '../../../../libs/persistence/src/like';
import type { Principal } from '../auth/principal';

type EntryRow = PersonEntryRow;

const REGISTRY_ROLES = ['integrity_admin', 'supervisor', 'system_admin'];
const SELECT = ENTRY_SELECT;

export interface CheckRequest {
  idNumber: string;
  on: string;
  activity?: BarredActivity;
  /** The older form: a measure code, read in `profile`'s catalogue (default: the caller's organisation's profile). */
  measure?: string;
  profile?: string;
}

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

  /**
   * Is the person barred from `activity` on day `on` (RULES.md §6)? Every entry of the person is read against its own
   * profile's catalogue (which activities its measure bars); an entry, or its decision, revoked bars nothing; `endsOn`
   * is the last barred day. The older `measure=` form asks about the activities that measure bars in its catalogue
   * (`profile`, by default the caller's organisation's); a measure that bars nothing answers `barred: false`. Without
   * either, the question is "barred from anything". (libs/domain/src/decision/registry-bar.ts)
   */
  async check(p: Principal, q: CheckRequest) {
    requireRole(p);
    if (!isValidIsoDate(q.on)) throw new DomainError('VALIDATION_FAILED', 'on: must be a date YYYY-MM-DD', { field: 'on' });
    if (q.activity !== undefined && q.measure !== undefined) {
      throw validationFailed([{ path: 'measure', rule: 'one_of', message: 'give activity or measure, not both (activity is the question; measure names the activities it bars)' }]);
    }
    if (q.profile !== undefined && q.measure === undefined) {
      throw validationFailed([{ path: 'profile', rule: 'requires', message: 'profile names the catalogue of measure; give measure with it (or ask by activity)' }]);
    }
    let activities: readonly BarredActivity[] = BARRED_ACTIVITIES;
    let measure: { profile: string; code: string; bars: readonly BarredActivity[] } | null = null;
    if (q.activity !== undefined) activities = [q.activity];
    else if (q.measure !== undefined) {
      const profile = q.profile ?? (await this.profileOf(p.orgId));
      const catalogue = Object.prototype.hasOwnProperty.call(CATALOGUES, profile) ? CATALOGUES[profile] : undefined;
      if (!catalogue) {
        throw validationFailed([{ path: 'profile', rule: 'known_profile', message: `no catalogue for policy profile "${profile}"; known: ${Object.keys(CATALOGUES).join(', ')}` }]);
      }
      if (!catalogue.measures.some((m) => m.code === q.measure)) {
        throw validationFailed([
          { path: 'measure', rule: 'catalogue.measure', article: catalogue.refs.measures, message: `measure ${q.measure} is not a measure of ${profile} (${catalogue.refs.measures}: ${catalogue.measures[0]!.code}–${catalogue.measures.at(-1)!.code})` },
        ]);
      }
      activities = measureBars(profile, q.measure);
      measure = { profile, code: q.measure, bars: activities };
    }
    const rows = await entriesOfPerson(this.ds, this.crypto.lookupHashes(q.idNumber));
    const answer = checkBars(
      rows.map((r) => ({ row: r, profile: r.profile, measure: r.measure_code, startsOn: r.starts_on, endsOn: r.ends_on, permanent: r.permanent, status: r.status, decisionStatus: r.decision_status })),
      activities,
      q.on,
    );
    return {
      on: q.on,
      activity: q.activity ?? null,
      measure: measure ? { profile: measure.profile, code: measure.code, bars: [...measure.bars], article: cite(CATALOGUES[measure.profile]!.source, CATALOGUES[measure.profile]!.measures.find((m) => m.code === measure!.code)!.article) } : null,
      barred: answer.barred,
      until: answer.until,
      permanent: answer.permanent,
      activities: answer.activities.map((a) => ({ ...a, label: BARRED_ACTIVITY_LABELS[a.activity].zh })),
      decisions: answer.entries.map((e) => entryView(e.row)),
    };
  }

  private async profileOf(orgId: string): Promise<string> {
    const [org]: Array<{ policy_profile: string }> = await this.ds.query(`SELECT policy_profile FROM organisations WHERE id = $1`, [orgId]);
    return org?.policy_profile ?? '';
  }

  /** A reduction (003 art.40) or a review result changes an entry; the change is kept in its history. */
  async change(p: Principal, id: string, body: { endsOn?: string | null; status?: 'changed' | 'revoked'; reason: string }) {
    const rows: EntryRow[] = await this.ds.query(`${SELECT} WHERE r.id = $1`, [id]);
    const r = rows[0];
    if (!r) throw new DomainError('NOT_FOUND', 'registry entry not found');
    if (!(p.orgId === r.handling_org_id && p.roles.includes('integrity_admin'))) {
      throw new DomainError('FORBIDDEN', "registry entries are changed by the issuing organisation's integrity administrators");
    }
    // endsOn is the last barred day: on or after the start.
    if (body.endsOn !== undefined && body.endsOn !== null && (!isValidIsoDate(body.endsOn) || body.endsOn < r.starts_on)) {
      throw new DomainError('VALIDATION_FAILED', `endsOn: the last barred day, a date on or after the start (${r.starts_on})`, { field: 'endsOn' });
    }
    const after = {
      endsOn: body.endsOn === undefined ? r.ends_on : body.endsOn,
      permanent: body.endsOn === undefined ? r.permanent : false,
      status: body.status ?? 'changed',
    };
    const before = { endsOn: r.ends_on, permanent: r.permanent, status: r.status };
    await this.ds.transaction((tx) => changeEntry(tx, { id, before, after, userId: p.userId, reason: body.reason }));
    noteChange('registry_entry', id, { ...before, reason: null }, { ...after, reason: body.reason });
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
    /** The activities this measure bars in its own catalogue (none for 通报批评, the database record, …). */
    bars: [...measureBars(r.profile, r.measure_code)],
    startsOn: r.starts_on,
    /** The last barred day (inclusive); null when permanent or without a period. */
    endsOn: r.ends_on,
    permanent: r.permanent,
    status: r.status,
    /** The decision's status: effective, changed or revoked by a review or appeal (its entries then bar nothing). */
    decisionStatus: r.decision_status,
    profile: r.profile,
  };
}
