import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PatternField, UuidField } from '../common/fields';
import { DomainError } from '@libs/domain/src/shared';
import { CurrentUser, type Principal } from '../auth/principal';
import { CaseAccess } from '../cases/case-access.service';
import { AuditService } from './audit.service';
import { Answers, Refuses } from '../common/openapi';
import { AuditHeadSchema, AuditRecordSchema, AuditVerifySchema } from '@libs/contract/src';

export class VerifyQuery {
  @PatternField(/^[1-9][0-9]{0,17}$/, 'anchorId must be a record id (a positive whole number)', {
    description: 'id of an anchor taken earlier with GET /audit/head (give anchorHash too)',
  })
  anchorId?: string;

  @PatternField(/^[0-9a-f]{64}$/, 'anchorHash must be 64 lower-case hex characters (SHA-256)', {
    description: 'hash of that anchor (give anchorId too)',
  })
  anchorHash?: string;
}

export class AuditQuery {
  @UuidField({ required: true, description: 'the case (its id)' }, 'caseId') caseId!: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly access: CaseAccess,
  ) {}

  /** The audit trail of one case, for its integrity administrators. */
  @Get()
  @Answers([AuditRecordSchema], { description: 'the records of the case, oldest first' })
  @Refuses(404)
  async forCase(@CurrentUser() p: Principal, @Query() q: AuditQuery) {
    await this.access.findVisible(p, q.caseId);
    if (!p.roles.includes('integrity_admin')) throw new DomainError('FORBIDDEN', 'the audit trail needs the integrity_admin role');
    return this.audit.forCase(q.caseId);
  }

  /** Checks the whole hash chain: a deleted or edited record is reported; with an anchor, removed newest records too. */
  @Get('verify')
  @Answers(AuditVerifySchema)
  async verify(@CurrentUser() p: Principal, @Query() q: VerifyQuery) {
    requireAuditRole(p);
    if ((q.anchorId === undefined) !== (q.anchorHash === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'anchorId, anchorHash: give both (from GET /audit/head) or neither', {
        field: q.anchorId === undefined ? 'anchorId' : 'anchorHash',
      });
    }
    return this.audit.verify(q.anchorId !== undefined ? { id: Number(q.anchorId), hash: q.anchorHash! } : undefined);
  }

  /** The newest record's id and hash, to keep outside the database and give back to `verify` later. */
  @Get('head')
  @Answers(AuditHeadSchema)
  async head(@CurrentUser() p: Principal) {
    requireAuditRole(p);
    return this.audit.head();
  }
}

function requireAuditRole(p: Principal): void {
  if (!p.roles.includes('system_admin') && !p.roles.includes('integrity_admin')) {
    throw new DomainError('FORBIDDEN', 'verifying the audit trail needs the system_admin or integrity_admin role');
  }
}
