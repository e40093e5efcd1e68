import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ref } from '../common/openapi';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { DecisionForm, PenaltyFields } from '../../../../libs/domain/src/decision';
import { DomainError } from '../../../../libs/domain/src/shared';
import { sensitiveReadSignal } from '../../../../workflows/definitions';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, type Principal } from '../auth/principal';
import { CaseAccess } from '../cases/case-access.service';
import { DecisionService } from './decision.service';
import { Answers, Refuses } from '../common/openapi';
import { DecisionSchema } from '../../../../libs/contract/src';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('cases/:id/decision')
export class DecisionController {
  constructor(
    private readonly decisions: DecisionService,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly temporal: Client,
  ) {}

  @Get()
  @Answers(DecisionSchema)
  @ApiOperation({ summary: 'The decision form (draft or submitted); ID numbers masked unless reveal=id_numbers' })
  @ApiQuery({ name: 'reveal', required: false, enum: ['id_numbers'] })
  async get(@CurrentUser() p: Principal, @Param('id') id: string, @Query('reveal') reveal?: string) {
    if (reveal !== undefined && reveal !== 'id_numbers') {
      throw new DomainError('VALIDATION_FAILED', 'reveal: the only value is id_numbers', { field: 'reveal' });
    }
    const row = await this.access.findVisible(p, id);
    const view = await this.decisions.view(p, row, reveal === 'id_numbers');
    if (reveal === 'id_numbers') {
      // Every read of full ID numbers is recorded: in the audit trail, and in the case timeline through the workflow.
      await this.audit.record(p, { action: 'READ full ID numbers', outcome: 200, caseId: row.id, details: { decisionId: view.id } });
      const actor = { userId: p.userId, role: 'integrity_admin', orgId: p.orgId, name: p.name };
      await this.temporal.workflow
        .getHandle(row.number)
        .signal(sensitiveReadSignal, { actor, what: 'full ID numbers of the decision form' })
        .catch(() => undefined); // a finished case keeps the audit record only
    }
    return view;
  }

  @Put()
  @Answers(DecisionSchema, { description: 'the saved draft' })
  @Refuses(409)
  @ApiOperation({
    summary: 'Save a draft of the decision form (may be incomplete; its structure and codes are checked, unknown keys refused)',
    description: '`POST /cases/{id}/actions/decide` submits the saved draft unless it carries a form of its own.',
  })
  @ApiBody({ schema: ref('DecisionForm') })
  saveDraft(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.decisions.saveDraft(p, id, body);
  }

  @Post('apply-to-authors')
  @Answers(DecisionSchema, { status: 201, description: 'the draft with the authors filled' })
  @ApiOperation({ summary: 'Fill several authors (by byline order) with the same penalty fields in one step (002)' })
  @ApiBody({ schema: ref('ApplyToAuthors') })
  applyToAuthors(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.decisions.applyToDraft(p, id, body);
  }
}
