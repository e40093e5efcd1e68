import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isoDateOf } from '@libs/domain/src/calendar';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, type Principal } from '../auth/principal';
import { XLSX_TYPE } from '../common/table-export';
import { ref, AnswersFile, EXPORT_HEADERS, Refuses } from '../common/openapi';
import { sendTable, TABLE_EXPORT_MAX_ROWS } from '../common/table-export';
import { ImportUpload, readUploadedTable } from '../common/tabular-upload';
import { LEAD_ROLE } from '@libs/domain/src/lead';
import { ActionRoute, Call, withETag, type ActionCall } from '../common/action-route';
import { LEAD_EXPORT_COLUMNS } from './lead.export';
import { ImportFormatDto, LeadFilterQuery, LeadListQuery, ReviewQueueQuery } from './lead.query';
import { LeadService } from './lead.service';

const IMPORT_MAX_BYTES = 60 * 1024 * 1024;

/**
 * Leads (线索) before cases (issue 22; 004 二(一); 000 §1): created by hand, by the national paper import, or by importing
 * a monitoring export (the Retraction Watch Database CSV); triaged by an integrity administrator within the triage
 * deadline. Visible to the organisation holding a lead and every organisation above it (404 elsewhere).
 */
@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class LeadController {
  constructor(
    private readonly leads: LeadService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Register a lead by hand (integrity administrators); numbered JC<YYYYMM>-<NNN> at its organisation; one lead per DOI (409)',
  })
  @ApiBody({ schema: ref('LeadCreate') })
  @ApiResponse({ status: 201, description: 'the lead', schema: ref('LeadDetail') })
  @Refuses(409)
  create(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.leads.create(p, body);
  }

  @Post('import')
  @HttpCode(200)
  @ImportUpload([LEAD_ROLE], { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5 } })
  @ApiOperation({
    summary: 'Import a monitoring export: the Retraction Watch Database CSV as published (000 §1)',
    description:
      'Columns as Retraction Watch names them: Record ID, Title, Subject, Institution, Journal, Publisher, Country, Author, URLS, ArticleType, ' +
      'RetractionDate, RetractionDOI, RetractionPubMedID, OriginalPaperDate, OriginalPaperDOI, OriginalPaperPubMedID, RetractionNature, Reason, ' +
      'Paywalled, Notes. A row naming China whose affiliations match organisations of your subtree (names and aliases) becomes a lead there ' +
      '(several organisations: their nearest common ancestor); a DOI or record already known changes nothing; unmatched rows naming China go to ' +
      'the review queue; other countries are skipped; bad rows come back as { row, reason }.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, format: { type: 'string', enum: ['retraction_watch'] } },
    },
  })
  @ApiOkResponse({ schema: ref('LeadImportResult') })
  async import(
    @CurrentUser() p: Principal,
    @Body() _format: ImportFormatDto,
    @UploadedFile() file?: { buffer: Buffer; originalname?: string },
  ) {
    return this.leads.importRetractionWatch(p, await readUploadedTable(file));
  }

  @Get()
  @Refuses(404)
  @ApiOperation({ summary: 'Leads held in your subtree (by status, origin, category, overdue triage, text), newest first' })
  @ApiOkResponse({ schema: ref('LeadPage') })
  list(@CurrentUser() p: Principal, @Query() q: LeadListQuery) {
    return this.leads.list(p, q);
  }

  @Get('review-queue')
  @ApiOperation({ summary: 'Monitoring records naming China that matched no organisation, imported in your subtree' })
  @ApiOkResponse({ schema: ref('ReviewPage') })
  queue(@CurrentUser() p: Principal, @Query() q: ReviewQueueQuery) {
    return this.leads.queue(p, q);
  }

  @Post('review-queue/:id/assign')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Assign an unmatched record to an organisation of your subtree: it becomes a lead there (optionally recording the name as an alias)',
  })
  @ApiBody({ schema: ref('ReviewAssign') })
  @ApiOkResponse({ schema: ref('LeadDetail') })
  assign(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.leads.assign(p, id, body);
  }

  @Post('review-queue/:id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss an unmatched record (it concerns no organisation of the tree), with a note' })
  @ApiBody({ schema: ref('ReviewDismiss') })
  @ApiOkResponse({ schema: ref('ReviewItem') })
  @Refuses(409)
  dismiss(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.leads.dismiss(p, id, body);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A lead: holder, status, triage deadline (working days left or over), every stay, the actions you may take; `ETag` is its version',
  })
  @ApiResponse({
    status: 200,
    description: 'the lead',
    schema: ref('LeadDetail'),
    headers: { ETag: { description: 'the version, for If-Match', schema: { type: 'string' } } },
  })
  get(@CurrentUser() p: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    return withETag(res, this.leads.get(p, id));
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: "The lead's events: opened, dispatched, overdue, case opened, closed" })
  @ApiOkResponse({ schema: { type: 'array', items: ref('LeadEvent') } })
  timeline(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.leads.timeline(p, id);
  }

  /** One documented operation per action (apps/api/src/common/openapi.ts); this route serves them all. */
  @ActionRoute()
  act(@CurrentUser() p: Principal, @Param('id') id: string, @Call() call: ActionCall, @Res({ passthrough: true }) res: Response) {
    return withETag(res, this.leads.act(p, id, call));
  }
}

async function exportLeads(
  leads: LeadService,
  audit: AuditService,
  p: Principal,
  q: LeadFilterQuery,
  format: 'csv' | 'xlsx',
  res: Response,
) {
  const list = await leads.list(p, q, { page: 1, pageSize: TABLE_EXPORT_MAX_ROWS });
  await sendTable(res, {
    audit,
    principal: p,
    route: `/api/v1/leads.${format}`,
    query: q,
    format,
    name: 'leads',
    title: '线索',
    asOf: isoDateOf(Date.now()),
    cols: LEAD_EXPORT_COLUMNS,
    rows: list.items,
    total: list.total,
  });
}

/** `GET /leads.csv` and `/leads.xlsx` (a path of their own: `/leads/:id` would take them otherwise). */
@ApiTags('leads')
@ApiBearerAuth()
@Controller()
export class LeadExportController {
  constructor(
    private readonly leads: LeadService,
    private readonly audit: AuditService,
  ) {}

  @Get('leads.csv')
  @Refuses(404)
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({
    summary: `Leads as CSV (UTF-8 with BOM, Chinese headers), the list's filters, every matching row up to ${TABLE_EXPORT_MAX_ROWS}`,
  })
  async csv(@CurrentUser() p: Principal, @Query() q: LeadFilterQuery, @Res() res: Response) {
    await exportLeads(this.leads, this.audit, p, q, 'csv', res);
  }

  @Get('leads.xlsx')
  @Refuses(404)
  @AnswersFile([XLSX_TYPE], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Leads as an Excel workbook, every matching row up to ${TABLE_EXPORT_MAX_ROWS}` })
  async xlsx(@CurrentUser() p: Principal, @Query() q: LeadFilterQuery, @Res() res: Response) {
    await exportLeads(this.leads, this.audit, p, q, 'xlsx', res);
  }
}

/** Aliases of an organisation (other names it is published under), matched by monitoring imports. */
@ApiTags('leads')
@ApiBearerAuth()
@Controller('organisations')
export class OrgAliasController {
  constructor(
    private readonly leads: LeadService,
    private readonly audit: AuditService,
  ) {}

  @Get(':id/aliases')
  @ApiOperation({ summary: "An organisation's aliases (in your subtree)" })
  @ApiOkResponse({ schema: ref('OrgAliasesView') })
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.leads.aliases(p, id);
  }

  @Put(':id/aliases')
  @ApiOperation({ summary: "Replace an organisation's aliases (integrity administrators, system administrators; in your subtree)" })
  @ApiBody({ schema: ref('OrgAliases') })
  @ApiOkResponse({ schema: ref('OrgAliasesView') })
  async put(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { before, ...after } = await this.leads.setAliases(p, id, body);
    // RULES.md §7: a change is recorded with its values before and after (the write itself is audited by the interceptor).
    await this.audit.record(p, {
      action: 'CHANGE organisation aliases',
      outcome: 200,
      details: { orgId: after.orgId, before, after: after.aliases },
    });
    return after;
  }
}
