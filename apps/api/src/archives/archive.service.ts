import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import { conform, TrainingCreateSchema, TrainingRegisterSchema, type TrainingCreate, type TrainingRegister } from '@libs/contract/src';
import { isoDateOf } from '@libs/domain/src/calendar';
import {
  DEFAULT_SERIOUS_RANK,
  PURPOSE_ACTIVITIES,
  PURPOSE_LABELS,
  parseTrainingTable,
  TRAINING_KIND_LABELS,
  vetoCheck,
  type ArchivePurpose,
  type TrainingKind,
} from '@libs/domain/src/archive';
import { CATALOGUES, isPlausibleOtherIdNumber, isValidPrcIdNumber, maskIdNumber } from '@libs/domain/src/decision';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import {
  casesOfPerson,
  decisionsOfPerson,
  ensurePerson,
  insertTraining,
  personById,
  searchPersons,
  trainingById,
  trainingsOfPerson,
  type ArchivePersonRow,
  type TrainingRecordRow,
} from '@libs/persistence/src/archives';
import { decisionHistory } from '@libs/persistence/src/decisions';
import { containsPattern, prefixPattern } from '@libs/persistence/src/like';
import { entriesOfHash, entriesOfPerson, entryHistories, type PersonEntryRow } from '@libs/persistence/src/registry';
import { FieldCrypto } from '@libs/security/src';
import { noteChange } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { pageOf } from '../common/fields';
import { entryView } from '../registry/registry.service';

/** [decision] As the registry (a cross-institution record): integrity administrators, supervisors, system administrators. */
const ARCHIVE_ROLES = ['integrity_admin', 'supervisor', 'system_admin'];

/**
 * Integrity archives (诚信档案, issue 22 point 3; 000 §6, §15): one page per person known by ID number — every case of
 * the caller's subtree with the person as subject, every decision that took effect naming them with its status history,
 * every registry entry of both kinds with its history, and training records (entered or imported). The veto check
 * answers whether a running penalty vetoes a purpose (libs/domain/src/archive/veto.ts).
 */
@Injectable()
export class ArchiveService {
  private readonly crypto: FieldCrypto;
  private readonly seriousRank: number;
  constructor(
    private readonly ds: DataSource,
    config: ConfigService<{ app: AppConfig }, true>,
  ) {
    const { idEncryptionKey, idEncryptionPreviousKeys } = config.get('app', { infer: true });
    this.crypto = new FieldCrypto(idEncryptionKey, idEncryptionPreviousKeys);
    this.seriousRank = config.get('app', { infer: true }).archives?.seriousRank ?? DEFAULT_SERIOUS_RANK;
  }

  async persons(p: Principal, q: { q: string; page?: string; pageSize?: string }) {
    requireRole(p);
    const term = q.q.trim();
    if (term.length < 2)
      throw validationFailed([
        { path: 'q', rule: 'min_length', message: 'at least 2 characters (a name, an ID number or a masked ID number)' },
      ]);
    const { page, pageSize } = pageOf(q, 20);
    const { rows, total } = await searchPersons(this.ds, {
      hashes: this.crypto.lookupHashes(term),
      masked: term,
      namePattern: containsPattern(term),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: rows.map(personSummary), total, page, pageSize };
  }

  async person(p: Principal, id: string) {
    requireRole(p);
    const person = await personById(this.ds, id);
    if (!person) throw new DomainError('NOT_FOUND', 'person not found in the archives');
    const cases = await casesOfPerson(this.ds, {
      hash: person.id_number_hash,
      name: person.person_name,
      organisation: person.organisation,
      scopePath: p.orgPath,
      scopeLike: prefixPattern(`${p.orgPath}/`),
    });
    const decisions = await decisionsOfPerson(this.ds, person.id_number_hash);
    const entries = await this.entriesOf(person);
    const histories: Array<{ entry_id: string; changed_at: Date; reason: string; before: unknown; after: unknown }> = entries.length
      ? await entryHistories(
          this.ds,
          entries.map((e) => e.id),
        )
      : [];
    const trainings = await trainingsOfPerson(this.ds, person.id);
    return {
      person: personSummary(person),
      cases: cases.map((c) => ({
        id: c.id,
        number: c.number,
        title: c.title,
        phase: c.phase,
        handlingOrg: c.handling_org_name,
        receivedAt: c.received_at,
        link: c.link,
      })),
      decisions: await Promise.all(
        decisions.map(async (d) => {
          const catalogue = CATALOGUES[d.profile];
          return {
            id: d.id,
            caseNumber: d.case_number,
            handlingOrg: d.handling_org_name,
            version: d.version,
            status: d.status,
            result: d.result,
            effectiveDate: d.effective_date,
            profile: d.profile,
            penalised: d.author.penalise === true,
            severity: d.author.severity ?? null,
            misconductTypes: d.author.misconductTypes ?? [],
            measures: (d.author.measures ?? []).map((m) => ({
              code: m.code,
              label: catalogue?.measures.find((x) => x.code === m.code)?.zh ?? m.code,
              years: m.years ?? null,
              permanent: m.permanent === true,
            })),
            history: await decisionHistory(this.ds, d.id),
          };
        }),
      ),
      registryEntries: entries.map((e) => ({
        ...entryView(e),
        history: histories
          .filter((h) => h.entry_id === e.id)
          .map((h) => ({ at: h.changed_at.toISOString(), reason: h.reason, before: h.before, after: h.after })),
      })),
      trainings: trainings.map(trainingView),
    };
  }

  /**
   * Does a running penalty veto `purpose` on `on` (000 §6: 惩处期内…关联，存在严重科研失信行为的，一票否决)? Every registry entry
   * of the person, of both kinds, read against its own catalogue (libs/domain/src/archive/veto.ts).
   */
  async check(p: Principal, q: { idNumber: string; purpose: ArchivePurpose; on: string }) {
    requireRole(p);
    const rows = await entriesOfPerson(this.ds, this.crypto.lookupHashes(q.idNumber));
    const answer = vetoCheck(
      rows.map((r) => ({
        row: r,
        profile: r.profile,
        measure: r.measure_code,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        permanent: r.permanent,
        status: r.status,
        decisionStatus: r.decision_status,
        severity: r.severity,
        group: r.decision_id ? `${r.decision_id}#${r.author_order}` : `manual:${r.registration_id}`,
      })),
      q.purpose,
      q.on,
      { seriousRank: this.seriousRank },
    );
    return {
      idNumber: maskIdNumber(q.idNumber),
      purpose: q.purpose,
      purposeLabel: PURPOSE_LABELS[q.purpose],
      activities: [...PURPOSE_ACTIVITIES[q.purpose]],
      on: q.on,
      vetoed: answer.vetoed,
      until: answer.until,
      reasons: answer.reasons.map((r) => ({
        rule: r.rule,
        article: r.article,
        message: r.message,
        until: r.until,
        entries: r.entries.map((e) => entryView(e.row)),
      })),
      linked: answer.linked.map((e) => entryView(e.row)),
    };
  }

  /** A training recorded for a person of the archives. */
  async addTraining(p: Principal, personId: string, body: unknown) {
    requireWriter(p);
    const person = await personById(this.ds, personId);
    if (!person) throw new DomainError('NOT_FOUND', 'person not found in the archives');
    const b = conform<TrainingCreate>(TrainingCreateSchema, body);
    return this.record(p, person.id, b);
  }

  /** A training recorded for a person named by ID number (the archive is opened when the person is new). */
  async registerTraining(p: Principal, body: unknown) {
    requireWriter(p);
    const b = conform<TrainingRegister>(TrainingRegisterSchema, body);
    const idType = b.person.idType ?? 'prc_resident_id';
    const idNumber = idType === 'prc_resident_id' ? b.person.idNumber.toUpperCase() : b.person.idNumber;
    if (idType === 'prc_resident_id' ? !isValidPrcIdNumber(idNumber) : !isPlausibleOtherIdNumber(idNumber)) {
      throw validationFailed([
        { path: 'person.idNumber', rule: 'id_number', message: 'not a valid identity document number (GB 11643 for a resident ID)' },
      ]);
    }
    const { person: _person, ...training } = b;
    return this.ds.transaction(async (tx) => {
      const personId = await ensurePerson(tx, this.identity(b.person.name.trim(), b.person.organisation.trim(), idNumber));
      return this.record(p, personId, training, tx);
    });
  }

  /** A list of trainings (CSV or XLSX, one row each): bad rows named, the others recorded; a row recorded before changes nothing. */
  async importTrainings(p: Principal, table: string[][]) {
    requireWriter(p);
    const parsed = parseTrainingTable(table);
    let imported = 0;
    let unchanged = 0;
    await this.ds.transaction(async (tx) => {
      for (const { value: t } of parsed.rows) {
        const idNumber = isValidPrcIdNumber(t.idNumber.toUpperCase()) ? t.idNumber.toUpperCase() : t.idNumber;
        const personId = await ensurePerson(tx, this.identity(t.name, t.organisation, idNumber));
        const id = randomUUID();
        const added = await insertTraining(tx, {
          id,
          personId,
          title: t.title,
          kind: t.kind,
          hours: t.hours,
          completedOn: t.completedOn,
          provider: t.provider,
          source: 'import',
          orgId: p.orgId,
          userId: p.userId,
        });
        if (added) imported++;
        else unchanged++;
      }
    });
    noteChange('training_records', null, null, { imported, unchanged, refusedRows: parsed.errors.length });
    return { imported, unchanged, errors: parsed.errors };
  }

  private async record(p: Principal, personId: string, t: TrainingCreate, q: { query: DataSource['query'] } = this.ds) {
    if (t.completedOn > isoDateOf(Date.now()))
      throw validationFailed([{ path: 'completedOn', rule: 'not_in_future', message: 'must not be after today (Asia/Shanghai)' }]);
    const id = randomUUID();
    const added = await insertTraining(q, {
      id,
      personId,
      title: t.title.trim(),
      kind: t.kind,
      hours: t.hours ?? null,
      completedOn: t.completedOn,
      provider: t.provider?.trim() || null,
      source: 'manual',
      orgId: p.orgId,
      userId: p.userId,
    });
    if (!added)
      throw new DomainError('CONFLICT', 'this training is recorded for the person already (same title and day)', {
        issues: [{ path: 'title', rule: 'unique', message: 'same person, title and completedOn' }],
      });
    const row = (await trainingById(q, id))!;
    noteChange('training_record', id, null, { personId, ...trainingView(row) });
    return trainingView(row);
  }

  private identity(name: string, organisation: string, idNumber: string) {
    return {
      name,
      organisation,
      idNumberEnc: this.crypto.encrypt(idNumber),
      idNumberHash: this.crypto.lookupHash(idNumber),
      idNumberMasked: maskIdNumber(idNumber),
    };
  }

  private async entriesOf(person: ArchivePersonRow): Promise<PersonEntryRow[]> {
    return entriesOfHash(this.ds, person.id_number_hash);
  }
}

function requireRole(p: Principal): void {
  if (!p.roles.some((r) => ARCHIVE_ROLES.includes(r)))
    throw new DomainError('FORBIDDEN', `the integrity archives need one of the roles ${ARCHIVE_ROLES.join(', ')}`);
}

/** [decision] Trainings are recorded by integrity administrators (of any level: an institution records its own staff's). */
function requireWriter(p: Principal): void {
  if (!p.roles.includes('integrity_admin')) throw new DomainError('FORBIDDEN', 'training records are entered by integrity administrators');
}

function personSummary(r: ArchivePersonRow) {
  return { id: r.id, name: r.person_name, idNumber: r.id_number_masked, organisation: r.organisation };
}

function trainingView(t: TrainingRecordRow) {
  return {
    id: t.id,
    title: t.title,
    kind: t.kind as TrainingKind,
    kindLabel: TRAINING_KIND_LABELS[t.kind as TrainingKind] ?? t.kind,
    hours: t.hours === null ? null : Number(t.hours),
    completedOn: t.completed_on,
    provider: t.provider,
    source: t.source as 'manual' | 'import',
    recordedBy: t.org_name,
    recordedAt: t.recorded_at.toISOString(),
  };
}
