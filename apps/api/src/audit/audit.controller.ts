import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { DomainError } from '../../../../libs/domain/src/shared';
import { CurrentUser, type Principal } from '../auth/principal';
import { CaseAccess } from '../cases/case-access.service';
import { AuditService } from './audit.service';

export class AuditQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() caseId!: string;
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
  async forCase(@CurrentUser() p: Principal, @Query() q: AuditQuery) {
    await this.access.findVisible(p, q.caseId);
    if (!p.roles.includes('integrity_admin')) throw new DomainError('FORBIDDEN', 'the audit trail needs the integrity_admin role');
    return this.audit.forCase(q.caseId);
  }

  /** Checks the whole hash chain: a deleted or edited record is reported. */
  @Get('verify')
  async verify(@CurrentUser() p: Principal) {
    if (!p.roles.includes('system_admin') && !p.roles.includes('integrity_admin')) {
      throw new DomainError('FORBIDDEN', 'verifying the audit trail needs the system_admin or integrity_admin role');
    }
    return this.audit.verify();
  }
}
