import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import { isValidIsoDate } from '@libs/domain/src/calendar';
import {
  BARRED_ACTIVITIES,
  BARRED_ACTIVITY_LABELS,
  CATALOGUES,
  checkBars,
  cite,
  measureBars,
  type BarredActivity,
} from '@libs/domain/src/decision';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import { conform, ManualEntryCreateSchema, type ManualEntryCreate } from '@libs/contract/src';
import { manualEntryIssues } from '@libs/domain/src/archive';
import { getCatalogue, lastBarredDay, maskIdNumber } from '@libs/domain/src/decision';
import { FILE_STORE, type FileStore } from '@libs/persistence/src/file-store';
import {
  attachDocument,
  changeEntry,
  entriesByIds,
  entriesOfPerson,
  entryHistory,
  findEntry,
  insertManualEntries,
  listEntries,
  searchEntries,
  type PersonEntryRow,
} from '@libs/persistence/src/registry';
import { organisationLevelAndProfile, organisationProfile } from '@libs/persistence/src/organisations';
import { caseHandlingPath } from '@libs/persistence/src/cases';
import { receiveUpload, recordOrDiscard } from '../common/stored-upload';
import { pageOf } from '../common/fields';
import { FieldCrypto } from '@libs/security/src';
import { noteChange } from '../audit/audit.service';
import { containsPattern } from '@libs/persistence/src/like';
import type { Principal } from '../auth/principal';

type EntryRow = PersonEntryRow;

const REGISTRY_ROLES = ['integrity_admin', 'supervisor', 'system_admin'];

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
    private readonly config: ConfigService<{ app: AppConfig }, true>,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {
    const { idEncryptionKey, idEncryptionPreviousKeys } = config.get('app', { infer: true });
    this.crypto = new FieldCrypto(idEncryptionKey, idEncryptionPreviousKeys);
  }

  /** By name (part of it), full ID number, or masked ID number as shown elsewhere. */
  async persons(p: Principal, q: string) {
    requireRole(p);
    const term = q.trim();
    if (term.length < 2)
      throw new DomainError('VALIDATION_FAILED', 'q: at least 2 characters (a name, an ID number or a masked ID number)', { field: 'q' });
    const rows = await searchEntries(this.ds, this.crypto.lookupHashes(term), term, containsPattern(term));
    const persons = new Map<string, { name: string; idNumber: string; organisation: string; entries: ReturnType<typeof entryView>[] }>();
    for (const r of rows) {
      const key = `${r.person_name}|${r.id_number_masked}`;
      if (!persons.has(key))
        persons.set(key, { name: r.person_name, idNumber: r.id_number_masked, organisation: r.organisation, entries: [] });
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
      throw validationFailed([
        {
          path: 'measure',
          rule: 'one_of',
          message: 'give activity or measure, not both (activity is the question; measure names the activities it bars)',
        },
      ]);
    }
    if (q.profile !== undefined && q.measure === undefined) {
      throw validationFailed([
        { path: 'profile', rule: 'requires', message: 'profile names the catalogue of measure; give measure with it (or ask by activity)' },
      ]);
    }
    let activities: readonly BarredActivity[] = BARRED_ACTIVITIES;
    let measure: { profile: string; code: string; bars: readonly BarredActivity[] } | null = null;
    if (q.activity !== undefined) activities = [q.activity];
    else if (q.measure !== undefined) {
      const profile = q.profile ?? (await this.profileOf(p.orgId));
      const catalogue = Object.prototype.hasOwnProperty.call(CATALOGUES, profile) ? CATALOGUES[profile] : undefined;
      if (!catalogue) {
        throw validationFailed([
          {
            path: 'profile',
            rule: 'known_profile',
            message: `no catalogue for policy profile "${profile}"; known: ${Object.keys(CATALOGUES).join(', ')}`,
          },
        ]);
      }
      if (!catalogue.measures.some((m) => m.code === q.measure)) {
        throw validationFailed([
          {
            path: 'measure',
            rule: 'catalogue.measure',
            article: catalogue.refs.measures,
            message: `measure ${q.measure} is not a measure of ${profile} (${catalogue.refs.measures}: ${catalogue.measures[0]!.code}–${catalogue.measures.at(-1)!.code})`,
          },
        ]);
      }
      activities = measureBars(profile, q.measure);
      measure = { profile, code: q.measure, bars: activities };
    }
    const rows = await entriesOfPerson(this.ds, this.crypto.lookupHashes(q.idNumber));
    const answer = checkBars(
      rows.map((r) => ({
        row: r,
        profile: r.profile,
        measure: r.measure_code,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        permanent: r.permanent,
        status: r.status,
        decisionStatus: r.decision_status,
      })),
      activities,
      q.on,
    );
    return {
      on: q.on,
      activity: q.activity ?? null,
      measure: measure
        ? {
            profile: measure.profile,
            code: measure.code,
            bars: [...measure.bars],
            article: cite(
              CATALOGUES[measure.profile]!.source,
              CATALOGUES[measure.profile]!.measures.find((m) => m.code === measure!.code)!.article,
            ),
          }
        : null,
      barred: answer.barred,
      until: answer.until,
      permanent: answer.permanent,
      activities: answer.activities.map((a) => ({ ...a, label: BARRED_ACTIVITY_LABELS[a.activity].zh })),
      decisions: answer.entries.map((e) => entryView(e.row)),
    };
  }

  private async profileOf(orgId: string): Promise<string> {
    return (await organisationProfile(this.ds, orgId)) ?? '';
  }

  /** A reduction (003 art.40) or a review result changes an entry; the change is kept in its history. */
  async change(p: Principal, id: string, body: { endsOn?: string | null; status?: 'changed' | 'revoked'; reason: string }) {
    const r = await findEntry(this.ds, id);
    if (!r) throw new DomainError('NOT_FOUND', 'registry entry not found');
    if (!(p.orgId === r.handling_org_id && p.roles.includes('integrity_admin'))) {
      throw new DomainError(
        'FORBIDDEN',
        "registry entries are changed by the issuing (or, for an entry registered by hand, the registering) organisation's integrity administrators",
      );
    }
    // endsOn is the last barred day: on or after the start.
    if (body.endsOn !== undefined && body.endsOn !== null && (!isValidIsoDate(body.endsOn) || body.endsOn < r.starts_on)) {
      throw new DomainError('VALIDATION_FAILED', `endsOn: the last barred day, a date on or after the start (${r.starts_on})`, {
        field: 'endsOn',
      });
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

  /**
   * An entry registered by hand (issue 22 point 2; 004 二(三)): an integrity administrator of a province or above enters
   * the person, the identity document, the measures of a catalogue with their periods, and the provenance. One entry per
   * measure, grouped by the registration; the ID number sealed, shown masked. Registered in advance of a decision of this
   * system (`awaitsDecision`, `caseId`), it is taken over by that decision when it takes effect (registry.ts recordEntries).
   */
  async register(p: Principal, body: unknown) {
    const org = await this.orgOf(p.orgId);
    if (!p.roles.includes('integrity_admin') || !org || !MANUAL_LEVELS.includes(org.level)) {
      throw new DomainError(
        'FORBIDDEN',
        'entries are registered by hand by integrity administrators of a provincial commission or above (004 二(三))',
      );
    }
    const b = conform<ManualEntryCreate>(ManualEntryCreateSchema, body);
    const profile = b.profile ?? org.policy_profile;
    const idType = b.person.idType ?? 'prc_resident_id';
    const idNumber = idType === 'prc_resident_id' ? b.person.idNumber.toUpperCase() : b.person.idNumber;
    const issues = manualEntryIssues({ profile, idType, idNumber, severity: b.severity, startsOn: b.startsOn, measures: b.measures });
    let expectedCaseId: string | null = null;
    if (b.caseId !== undefined) {
      const c = await caseHandlingPath(this.ds, b.caseId);
      if (!c || !(c.handling_org_path === p.orgPath || c.handling_org_path.startsWith(`${p.orgPath}/`))) {
        issues.push({ path: 'caseId', rule: 'visible_case', message: 'no case of your subtree has this id' });
      } else expectedCaseId = c.id;
    }
    if (b.awaitsDecision === false && b.caseId !== undefined) {
      issues.push({
        path: 'awaitsDecision',
        rule: 'one_of',
        message: 'a registration naming a case awaits its decision; leave awaitsDecision out or true',
      });
    }
    if (issues.length) throw validationFailed(issues);
    const catalogue = getCatalogue(profile);
    const registrationId = randomUUID();
    const measures = b.measures.map((m) => {
      const label = catalogue.measures.find((x) => x.code === m.code)!.zh;
      return {
        code: m.code,
        label: m.text ? `${label}：${m.text.trim()}` : label,
        endsOn: m.permanent || m.years === undefined ? null : lastBarredDay(b.startsOn, m.years),
        permanent: m.permanent === true,
      };
    });
    const person = { name: b.person.name.trim(), organisation: b.person.organisation.trim(), idNumber: maskIdNumber(idNumber) };
    const ids = await this.ds.transaction((tx) =>
      insertManualEntries(tx, {
        registrationId,
        registeredOrgId: org.id,
        registeredBy: p.userId,
        personName: person.name,
        organisation: person.organisation,
        idNumberEnc: this.crypto.encrypt(idNumber),
        idNumberHash: this.crypto.lookupHash(idNumber),
        idNumberMasked: person.idNumber,
        profile,
        severity: b.severity ?? null,
        provenance: {
          decisionNumber: b.provenance.decisionNumber.trim(),
          issuingBody: b.provenance.issuingBody.trim(),
          decidedOn: b.provenance.decidedOn ?? null,
          note: b.provenance.note?.trim() || null,
        },
        awaitsDecision: b.awaitsDecision ?? expectedCaseId !== null,
        expectedCaseId,
        measures,
        startsOn: b.startsOn,
      }),
    );
    const rows = await entriesByIds(this.ds, ids);
    // RULES.md §7: each new record with its values (the ID number masked).
    for (const r of rows) noteChange('registry_entry', r.id, null, { ...entryView(r), person: person.name, idNumber: person.idNumber });
    return { registrationId, person, entries: rows.map(entryView) };
  }

  /** Entries of the registry, newest first: by origin, text (name, masked or full ID number, decision number). */
  async list(
    p: Principal,
    q: { origin?: string; q?: string; page?: string; pageSize?: string },
    paging?: { page: number; pageSize: number },
  ) {
    requireRole(p);
    const { page, pageSize } = paging ?? pageOf(q, 20);
    const term = q.q?.trim() ?? '';
    const { total, rows } = await listEntries(this.ds, {
      origin: q.origin ?? null,
      term,
      idNumberHashes: this.crypto.lookupHashes(term),
      pattern: containsPattern(term),
      page,
      pageSize,
    });
    return { items: rows.map(entryView), total, page, pageSize };
  }

  /** The provenance document of a registration (the decision letter), streamed to the file store; replaces an earlier one. */
  async uploadDocument(p: Principal, id: string, req: IncomingMessage, res: ServerResponse) {
    const r = await this.manualEntry(p, id);
    const key = `registry/${r.registration_id}/${randomUUID()}`;
    const { files } = this.config.get('app', { infer: true });
    const { file: f } = await receiveUpload(req, res, { store: this.store, key, ...files, fields: [] });
    return recordOrDiscard(this.store, key, async () => {
      const document = {
        filename: f.originalname,
        contentType: f.mimetype,
        size: f.size,
        sha256: f.sha256,
        uploadedAt: new Date().toISOString(),
        key,
      };
      await attachDocument(this.ds, r.registration_id!, document);
      noteChange('registry_entry_document', r.registration_id, r.document ? publicDocument(r.document) : null, publicDocument(document));
      return this.entry(p, id);
    });
  }

  async openDocument(
    p: Principal,
    id: string,
  ): Promise<{ file: { filename: string; contentType: string; size: number; sha256: string }; stream: Readable }> {
    requireRole(p);
    const found = await findEntry(this.ds, id);
    const doc = found?.document as { filename: string; contentType: string; size: number; sha256: string; key: string } | null | undefined;
    if (!found) throw new DomainError('NOT_FOUND', 'registry entry not found');
    if (!doc) throw new DomainError('NOT_FOUND', 'no document uploaded for this entry');
    return { file: doc, stream: this.store.open(doc.key) };
  }

  private async manualEntry(p: Principal, id: string): Promise<EntryRow> {
    const r = await findEntry(this.ds, id);
    if (!r) throw new DomainError('NOT_FOUND', 'registry entry not found');
    if (r.origin !== 'manual')
      throw new DomainError(
        'CONFLICT',
        "only entries registered by hand carry a provenance document (a decision's entry has its case files)",
      );
    if (!(p.orgId === r.registered_org_id && p.roles.includes('integrity_admin'))) {
      throw new DomainError('FORBIDDEN', "a registration's document is added by the registering organisation's integrity administrators");
    }
    return r;
  }

  private async orgOf(orgId: string): Promise<{ id: string; level: string; policy_profile: string } | undefined> {
    return organisationLevelAndProfile(this.ds, orgId);
  }

  /** One entry with its history: for the registry's roles, as the list (an investigator or a case officer reads neither). */
  async entry(p: Principal, id: string) {
    requireRole(p);
    const entry = await findEntry(this.ds, id);
    if (!entry) throw new DomainError('NOT_FOUND', 'registry entry not found');
    const history = await entryHistory(this.ds, id);
    return {
      ...entryView(entry),
      history: history.map((h) => ({ at: h.changed_at.toISOString(), reason: h.reason, before: h.before, after: h.after })),
    };
  }
}

/** [decision] Hand registration (004 二(三): the provincial database) is for provincial commissions and the national level. */
const MANUAL_LEVELS = ['provincial', 'national'];

function publicDocument(d: Record<string, unknown>) {
  const { key: _key, ...rest } = d;
  return rest;
}

function requireRole(p: Principal): void {
  if (!p.roles.some((r) => REGISTRY_ROLES.includes(r)))
    throw new DomainError('FORBIDDEN', `the registry needs one of the roles ${REGISTRY_ROLES.join(', ')}`);
}

export function entryView(r: EntryRow) {
  const provenance = (r.provenance ?? {}) as {
    decisionNumber?: string;
    issuingBody?: string;
    decidedOn?: string | null;
    note?: string | null;
  };
  const doc = r.document as { filename: string; contentType: string; size: number; sha256: string; uploadedAt: string } | null;
  return {
    id: r.id,
    origin: r.origin,
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
    severity: r.severity,
    registration:
      r.origin === 'manual'
        ? {
            id: r.registration_id!,
            organisation: r.registered_org_name ?? '',
            registeredAt: r.created_at.toISOString(),
            provenance: {
              decisionNumber: provenance.decisionNumber ?? '',
              issuingBody: provenance.issuingBody ?? '',
              decidedOn: provenance.decidedOn ?? null,
              note: provenance.note ?? null,
            },
            awaitsDecision: r.awaits_decision,
            expectedCaseNumber: r.expected_case_number,
            reconciledAt: r.reconciled_at ? r.reconciled_at.toISOString() : null,
            document: doc
              ? { filename: doc.filename, contentType: doc.contentType, size: doc.size, sha256: doc.sha256, uploadedAt: doc.uploadedAt }
              : null,
          }
        : null,
  };
}
