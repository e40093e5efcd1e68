import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ref } from '../common/openapi';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { DecisionForm, PenaltyFields } from '@libs/domain/src/decision';
import { DomainError } from '@libs/domain/src/shared';
import { sensitiveReadSignal } from '@workflows/definitions';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, type Principal } from '../auth/principal';
import { CaseAccess } from '../cases/case-access.service';
import { DecisionService } from './decision.service';
import { Answers, Refuses } from '../common/openapi';
import { DecisionSchema } from '@libs/contract/src';

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
  @ApiOperation({
    summary:
      'The decision form (in force, else the draft) with every version, who submitted it and why; ID numbers masked unless reveal=id_numbers',
    description:
      'After a revision (case action revise_decision) the previous versions are listed as superseded with their reason and the paper return ' +
      "they answer; `version` reads an earlier version's form; `revisionDraft` is the open revision.",
  })
  @ApiQuery({ name: 'reveal', required: false, enum: ['id_numbers'] })
  @ApiQuery({
    name: 'version',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 999 },
    description: 'an earlier version of the decision (1 = the first decided)',
  })
  async get(@CurrentUser() p: Principal, @Param('id') id: string, @Query('reveal') reveal?: string, @Query('version') version?: string) {
    if (reveal !== undefined && reveal !== 'id_numbers') {
      throw new DomainError('VALIDATION_FAILED', 'reveal: the only value is id_numbers', { field: 'reveal' });
    }
    if (version !== undefined && !/^[1-9][0-9]{0,2}$/.test(version)) {
      throw new DomainError('VALIDATION_FAILED', 'version: a version number from 1 to 999', { field: 'version' });
    }
    const row = await this.access.findVisible(p, id);
    const view = await this.decisions.view(p, row, reveal === 'id_numbers', version === undefined ? undefined : Number(version));
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

  @Get('suggestions')
  @ApiOperation({
    summary:
      'What the form is suggested (000 §13): the aggravating factor for a paper not declared in a closed self-inspection, with the campaign as its reason',
    description:
      'Suggestions only: nothing is added to the form by itself. The same list comes with GET /cases/{id}/decision as `suggestions`.',
  })
  @ApiOkResponse({ schema: { type: 'array', items: ref('DecisionSuggestion') } })
  suggestions(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.decisions.suggestionsFor(p, id);
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

  @Post('revision')
  @HttpCode(200)
  @Answers(DecisionSchema, { description: 'the revision draft (a copy of the decision in force, or the one already open)' })
  @Refuses(409)
  @ApiOperation({
    summary: "Open the revision of the decision in force after a reviewer returned the paper's result (002 退回修改)",
    description:
      'The revision draft starts as a copy of the decision in force (ID numbers kept); change it with PUT or apply-to-authors, then submit it ' +
      'with the case action revise_decision. Possible while the case offers revise_decision; an open draft is answered as it is.',
  })
  openRevision(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.decisions.openRevision(p, id);
  }

  @Post('apply-to-authors')
  @Answers(DecisionSchema, { status: 201, description: 'the draft with the authors filled' })
  @ApiOperation({ summary: 'Fill several authors (by byline order) with the same penalty fields in one step (002)' })
  @ApiBody({ schema: ref('ApplyToAuthors') })
  applyToAuthors(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.decisions.applyToDraft(p, id, body);
  }
}
