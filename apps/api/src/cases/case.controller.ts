import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { checkActionRequest } from '../common/workflow-action';
import { CaseAccess } from './case-access.service';
import { CaseService } from './case.service';
import { DenyAccessDto } from './deny-access.dto';
import { CreateCaseDto, ListCasesQuery } from './create-case.dto';

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
  @ApiOperation({ summary: 'Register a case and start its workflow (workflow id = case number)' })
  create(@CurrentUser() p: Principal, @Body() dto: CreateCaseDto) {
    return this.cases.create(p, dto);
  }

  @Get()
  list(@CurrentUser() p: Principal, @Query() q: ListCasesQuery) {
    return this.cases.list(p, q);
  }

  @Get(':id')
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.cases.get(p, id);
  }

  @Get(':id/reporter')
  @ApiOperation({ summary: 'Reporter identity: handlers of the case only; every read is recorded in the audit trail' })
  async reporter(@CurrentUser() p: Principal, @Param('id') id: string) {
    const res = await this.cases.reporter(p, id);
    await this.audit.record(p, { action: 'READ reporter identity', outcome: 200, caseId: res.caseId });
    return res;
  }

  @Get(':id/denials')
  denials(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.access.denials(p, id);
  }

  @Put(':id/denials/:userId')
  @ApiOperation({ summary: 'Deny a user all access to this case (recusal, 003 art.45); the user is not told' })
  deny(@CurrentUser() p: Principal, @Param('id') id: string, @Param('userId', ParseUUIDPipe) userId: string, @Body() dto: DenyAccessDto) {
    return this.access.deny(p, id, userId, dto.reason);
  }

  @Delete(':id/denials/:userId')
  allow(@CurrentUser() p: Principal, @Param('id') id: string, @Param('userId', ParseUUIDPipe) userId: string) {
    return this.access.allow(p, id, userId);
  }

  @Get(':id/timeline')
  timeline(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.cases.timeline(p, id);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take an officer action (a Temporal Update validated against the current phase)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'case version; 412 when it has moved on' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retried request returns the first result' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  act(
    @CurrentUser() p: Principal,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.cases.act(p, id, action, checkActionRequest(body, idempotencyKey), { ifMatch, idempotencyKey });
  }
}
