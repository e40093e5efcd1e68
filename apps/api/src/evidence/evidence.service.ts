import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import { getCatalogue } from '@libs/domain/src/decision';
import { REPORTER_DOCUMENT_KINDS } from '@libs/domain/src/documents/kinds';
import { DomainError } from '@libs/domain/src/shared';
import { FILE_STORE, type FileStore } from '@libs/persistence/src/file-store';
import { caseFileKinds, caseFiles, findCaseFile, insertCaseFile, type CaseFileRow } from '@libs/persistence/src/case-files';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { receiveUpload, recordOrDiscard } from '../common/stored-upload';
import type { Principal } from '../auth/principal';
import { CaseAccess } from '../cases/case-access.service';
import { noteChange } from '../audit/audit.service';

/**
 * Kinds of evidence come from the case's policy-profile catalogue (RULES.md §4, 002), which marks the required ones.
 * [decision] One more kind, report materials (举报材料), is for handlers of the case only (003 art.46).
 */
const REPORT_MATERIAL = 'report_material';
/** Files handlers of the case alone see: report materials, and generated documents to the reporter (they name them). */
const HANDLERS_ONLY: ReadonlySet<string> = new Set([REPORT_MATERIAL, ...REPORTER_DOCUMENT_KINDS]);
function kindsFor(profile: string): string[] {
  return [...getCatalogue(profile).attachmentKinds.map((k) => k.code), REPORT_MATERIAL];
}

type FileRow = CaseFileRow;

@Injectable()
export class EvidenceService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccess,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  /** 404 and 403 before a byte of the body is read; then the file streams to the store (stored-upload.ts). */
  async upload(p: Principal, caseId: string, req: IncomingMessage, res: ServerResponse) {
    const row = await this.access.findVisible(p, caseId);
    if (!this.access.isHandler(p, row)) throw new DomainError('FORBIDDEN', 'only handlers of the case may add evidence');
    const id = randomUUID();
    const key = `cases/${row.id}/${id}`;
    const { files } = this.config.get('app', { infer: true });
    const { fields, file: f } = await receiveUpload(req, res, { store: this.store, key, ...files, fields: ['kind'] });
    return recordOrDiscard(this.store, key, async () => {
      const kinds = kindsFor(row.policy_profile);
      const kind = fields.kind ?? '';
      if (!kinds.includes(kind)) throw new DomainError('VALIDATION_FAILED', `kind: must be one of ${kinds.join(', ')}`, { field: 'kind' });
      await insertCaseFile(this.ds, {
        id,
        caseId: row.id,
        kind,
        filename: f.originalname,
        contentType: f.mimetype,
        size: f.size,
        sha256: f.sha256,
        storageKey: key,
        uploadedBy: p.userId,
      });
      const added = { id, kind, filename: f.originalname, contentType: f.mimetype, size: f.size, sha256: f.sha256 };
      noteChange('case_file', id, null, { caseId: row.id, ...added }); // RULES.md §7: before/after (a new record)
      return added;
    });
  }

  async list(p: Principal, caseId: string) {
    const row = await this.access.findVisible(p, caseId);
    const handler = this.access.isHandler(p, row);
    const rows = await caseFiles(this.ds, row.id);
    return rows.filter((f) => handler || !HANDLERS_ONLY.has(f.kind)).map(view);
  }

  async open(p: Principal, caseId: string, fileId: string): Promise<{ file: ReturnType<typeof view>; stream: Readable }> {
    const row = await this.access.findVisible(p, caseId);
    const f = await findCaseFile(this.ds, row.id, fileId);
    if (!f || (HANDLERS_ONLY.has(f.kind) && !this.access.isHandler(p, row))) throw new DomainError('NOT_FOUND', 'file not found');
    return { file: view(f), stream: this.store.open(f.storage_key) };
  }

  /** Required kinds of the profile (RULES.md §4) still missing on a case. */
  async missingRequired(caseId: string, profile: string): Promise<string[]> {
    const present = new Set(await caseFileKinds(this.ds, caseId));
    return getCatalogue(profile)
      .attachmentKinds.filter((k) => k.required && !present.has(k.code))
      .map((k) => k.code);
  }
}

function view(f: FileRow) {
  return {
    id: f.id,
    kind: f.kind,
    filename: f.filename,
    contentType: f.content_type,
    size: Number(f.size),
    sha256: f.sha256,
    uploadedAt: f.uploaded_at.toISOString(),
    uploadedBy: f.uploaded_by,
  };
}
