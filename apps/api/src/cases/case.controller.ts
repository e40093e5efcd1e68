import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { ActionRoute, Call, withETag, type ActionCall } from '../common/action-route';
import type { Response } from 'express';
import { CaseAccess } from './case-access.service';
import { CaseService } from './case.service';
import { DenyAccessDto } from './deny-access.dto';
import { CreateCaseDto, ListCasesQuery } from './create-case.dto';
import { Answers, ETAG_HEADER, Refuses } from '../common/openapi';
import { CaseCreatedSchema, CaseEventSchema, CasePageSchema, CaseReporterSchema, CaseSchema, DenialSchema } from '@libs/contract/src';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseController {
  constructor(
    private readonly cases: CaseService,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @Answers(CaseCreatedSchema, { status: 201, description: 'registered; its workflow runs' })
  @ApiOperation({ summary: 'Register a case and start its workflow (workflow id = case number)' })
  create(@CurrentUser() p: Principal, @Body() dto: CreateCaseDto) {
    return this.cases.create(p, dto);
  }

  @Get()
  @Answers(CasePageSchema)
  @Refuses(404)
  list(@CurrentUser() p: Principal, @Query() q: ListCasesQuery) {
    return this.cases.list(p, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case: phase, version, deadlines and the actions the caller may take now; `ETag` is its version' })
  @Answers(CaseSchema, { description: 'the case', headers: ETAG_HEADER })
  get(@CurrentUser() p: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    return withETag(res, this.cases.get(p, id));
  }

  @Get(':id/reporter')
  @Answers(CaseReporterSchema)
  @ApiOperation({ summary: 'Reporter identity: handlers of the case only; every read is recorded in the audit trail' })
  async reporter(@CurrentUser() p: Principal, @Param('id') id: string) {
    const res = await this.cases.reporter(p, id);
    await this.audit.record(p, { action: 'READ reporter identity', outcome: 200, caseId: res.caseId });
    return res;
  }

  @Get(':id/denials')
  @Answers([DenialSchema])
  denials(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.access.denials(p, id);
  }

  @Put(':id/denials/:userId')
  @ApiParam({ name: 'userId', format: 'uuid' })
  @Answers([DenialSchema], { description: 'the denied-access list now' })
  @ApiOperation({ summary: 'Deny a user all access to this case (recusal, 003 art.45); the user is not told' })
  deny(@CurrentUser() p: Principal, @Param('id') id: string, @Param('userId', ParseUUIDPipe) userId: string, @Body() dto: DenyAccessDto) {
    return this.access.deny(p, id, userId, dto.reason);
  }

  @Delete(':id/denials/:userId')
  @ApiParam({ name: 'userId', format: 'uuid' })
  @Answers([DenialSchema], { description: 'the denied-access list now' })
  allow(@CurrentUser() p: Principal, @Param('id') id: string, @Param('userId', ParseUUIDPipe) userId: string) {
    return this.access.allow(p, id, userId);
  }

  @Get(':id/timeline')
  @Answers([CaseEventSchema], { description: 'the events, oldest first' })
  timeline(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.cases.timeline(p, id);
  }

  /** One documented operation per action (apps/api/src/common/openapi.ts); this route serves them all. */
  @ActionRoute()
  act(@CurrentUser() p: Principal, @Param('id') id: string, @Call() call: ActionCall, @Res({ passthrough: true }) res: Response) {
    return withETag(res, this.cases.act(p, id, call));
  }
}
