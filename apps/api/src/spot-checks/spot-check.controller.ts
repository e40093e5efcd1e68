import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isoDateOf } from '@libs/domain/src/calendar';
import { SPOT_CHECK_OUTCOME_LABELS, SPOT_CHECK_OUTCOMES } from '@libs/domain/src/spot-check';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, type Principal } from '../auth/principal';
import { EnumField, IntQueryField, PageField, PageSizeField, UuidField } from '../common/fields';
import { ref, AnswersFile, EXPORT_HEADERS, Refuses } from '../common/openapi';
import { sendTable, TABLE_EXPORT_MAX_ROWS, XLSX_TYPE, type ExportColumn } from '../common/table-export';
import { ImportUpload } from '../common/tabular-upload';
import { paperView, SpotCheckService } from './spot-check.service';

class PlanListQuery {
  @IntQueryField(1900, 2099, 'year must be a year 1900–2099', { example: 2026 }) year?: string;
  @UuidField({ description: 'organisation whose subtree to list (404 outside yours)' }, 'orgId', 'orgId must be an organisation id (UUID)')
  orgId?: string;
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}

class CompletionQuery {
  @IntQueryField(1900, 2099, 'year must be a year 1900–2099', { required: true, example: 2026 }) year!: string;
  @UuidField({ description: 'organisation whose subtree to show (404 outside yours)' }, 'orgId', 'orgId must be an organisation id (UUID)')
  orgId?: string;
}

class PaperFilterQuery {
  @EnumField(['true', 'false'], {}, 'sampled') sampled?: string;
  @EnumField(SPOT_CHECK_OUTCOMES, {}, 'outcome') outcome?: string;
}

class PaperListQuery extends PaperFilterQuery {
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}

type PaperItem = ReturnType<typeof paperView>;
const PAPER_COLUMNS: ExportColumn<PaperItem>[] = [
  { header: '编号', width: 16, value: (r) => r.ref },
  { header: '标题', width: 60, value: (r) => r.title },
  { header: '作者', width: 30, value: (r) => r.authors.join('; ') },
  { header: '期刊', width: 28, value: (r) => r.journal },
  { header: 'DOI', width: 28, value: (r) => r.doi },
  { header: '发表日期', width: 12, value: (r) => r.publishedOn },
  { header: '重要论文', width: 9, value: (r) => (r.important ? '是' : '否') },
  { header: '抽中', width: 6, value: (r) => (r.sampled ? '是' : '否') },
  {
    header: '抽取方式',
    width: 10,
    value: (r) => (r.sampleReason === 'important' ? '重要论文全覆盖' : r.sampleReason === 'random' ? '随机抽取' : ''),
  },
  { header: '抽取顺序', width: 9, value: (r) => r.sampleOrder ?? '' },
  {
    header: '核查结果',
    width: 18,
    value: (r) => (r.outcome ? SPOT_CHECK_OUTCOME_LABELS[r.outcome as keyof typeof SPOT_CHECK_OUTCOME_LABELS] : ''),
  },
  { header: '核查说明', width: 40, value: (r) => r.outcomeNote },
  { header: '线索编号', width: 16, value: (r) => r.leadNumber },
];

interface CompletionItem {
  orgName: string;
  status: string;
  papers: number;
  important: number;
  sampled: number;
  checked: number;
  problems: number;
  followedUp: number;
  completion: number;
}
const STATUS = { none: '未制定', draft: '待抽取', sampled: '核查中', completed: '已完成' } as Record<string, string>;
const COMPLETION_COLUMNS: ExportColumn<CompletionItem>[] = [
  { header: '机构', width: 30, value: (r) => r.orgName },
  { header: '状态', width: 9, value: (r) => STATUS[r.status] ?? r.status },
  { header: '当年论文数', width: 10, value: (r) => r.papers },
  { header: '重要论文数', width: 10, value: (r) => r.important },
  { header: '抽取数', width: 8, value: (r) => r.sampled },
  { header: '已核查', width: 8, value: (r) => r.checked },
  { header: '发现问题', width: 9, value: (r) => r.problems },
  { header: '已转线索', width: 9, value: (r) => r.followedUp },
  { header: '完成率', width: 8, value: (r) => r.completion },
];

/** Raw-data spot checks (000 §10), issue 22. */
@ApiTags('spot-checks')
@ApiBearerAuth()
@Controller('spot-checks')
export class SpotCheckController {
  constructor(
    private readonly spot: SpotCheckService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @Refuses(409)
  @ApiOperation({
    summary: "An institution's spot-check plan for a year (integrity administrators; one per institution and year; rate ≥ 5 %, 000 §10)",
  })
  @ApiBody({ schema: ref('SpotCheckCreate') })
  @ApiResponse({ status: 201, schema: ref('SpotCheckPlan'), description: 'the plan' })
  create(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.spot.create(p, body);
  }

  @Get()
  @Refuses(404)
  @ApiOperation({ summary: 'Plans in your subtree (by year, organisation)' })
  @ApiOkResponse({ schema: ref('SpotCheckPlanPage') })
  list(@CurrentUser() p: Principal, @Query() q: PlanListQuery) {
    return this.spot.list(p, q);
  }

  @Get('completion')
  @Refuses(404)
  @ApiOperation({ summary: "Each institution of your subtree with its plan's progress for a year (commissions' view)" })
  @ApiOkResponse({ schema: ref('SpotCheckCompletion') })
  completion(@CurrentUser() p: Principal, @Query() q: CompletionQuery) {
    return this.spot.completion(p, q);
  }

  @Get('completion.csv')
  @Refuses(404)
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: 'The completion view as CSV (UTF-8 with BOM, Chinese headers)' })
  async completionCsv(@CurrentUser() p: Principal, @Query() q: CompletionQuery, @Res() res: Response) {
    await this.completionExport(p, q, 'csv', res);
  }

  @Get('completion.xlsx')
  @Refuses(404)
  @AnswersFile([XLSX_TYPE], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: 'The completion view as an Excel workbook' })
  async completionXlsx(@CurrentUser() p: Principal, @Query() q: CompletionQuery, @Res() res: Response) {
    await this.completionExport(p, q, 'xlsx', res);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plan: counts, the seed and the algorithm of its sample, completion' })
  @ApiOkResponse({ schema: ref('SpotCheckPlan') })
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.spot.get(p, id);
  }

  @Post(':id/papers/import')
  @Refuses(409)
  @HttpCode(200)
  // The plan's visibility (404) is checked by the service before it parses the file.
  @ImportUpload(['integrity_admin'], { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5 } })
  @ApiOperation({
    summary: "The institution's papers of the year (CSV UTF-8 or XLSX), before the draw",
    description:
      'Header (Chinese or English): 编号 ref, 标题 title, 作者 authors, 期刊 journal, DOI, 发表日期 publishedOn, 重要论文 important (是/否), 重要说明 importantReason. Rows whose ref is listed already change nothing; bad rows come back as { row, reason }.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ schema: ref('SpotCheckImportResult') })
  async importPapers(
    @CurrentUser() p: Principal,
    @Param('id') id: string,
    @UploadedFile() file?: { buffer: Buffer; originalname?: string },
  ) {
    return this.spot.importPapers(p, id, file);
  }

  @Post(':id/draw')
  @Refuses(409)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Draw the sample, once: every important paper, the rest at random from the seed (given or random; stored and shown)',
  })
  @ApiBody({ schema: ref('SpotCheckDraw') })
  @ApiOkResponse({ schema: ref('SpotCheckPlan') })
  draw(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.spot.draw(p, id, body);
  }

  @Get(':id/papers')
  @ApiOperation({ summary: "The plan's papers (sampled first, in draw order), with their results" })
  @ApiOkResponse({ schema: ref('SpotCheckPaperPage') })
  async papers(@CurrentUser() p: Principal, @Param('id') id: string, @Query() q: PaperListQuery) {
    const { plan: _plan, ...page } = await this.spot.papers(p, id, q);
    return page;
  }

  @Get(':id/papers.csv')
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: "The plan's papers as CSV" })
  async papersCsv(@CurrentUser() p: Principal, @Param('id') id: string, @Query() q: PaperFilterQuery, @Res() res: Response) {
    await this.papersExport(p, id, q, 'csv', res);
  }

  @Get(':id/papers.xlsx')
  @AnswersFile([XLSX_TYPE], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: "The plan's papers as an Excel workbook" })
  async papersXlsx(@CurrentUser() p: Principal, @Param('id') id: string, @Query() q: PaperFilterQuery, @Res() res: Response) {
    await this.papersExport(p, id, q, 'xlsx', res);
  }

  @Put(':id/papers/:paperId/result')
  @Refuses(409)
  @ApiOperation({ summary: 'The result of checking a sampled paper: complete, consistent, missing or problem (a note for the last two)' })
  @ApiBody({ schema: ref('SpotCheckResult') })
  @ApiOkResponse({ schema: ref('SpotCheckPaper') })
  async result(@CurrentUser() p: Principal, @Param('id') id: string, @Param('paperId') paperId: string, @Body() body: unknown) {
    const { paper, before } = await this.spot.recordResult(p, id, paperId, body);
    // RULES.md §7: a result changed is recorded with its value before and after.
    await this.audit.record(p, {
      action: 'CHANGE spot-check result',
      outcome: 200,
      details: { planId: id, paperId: paper.id, ref: paper.ref, before, after: { outcome: paper.outcome, note: paper.outcomeNote } },
    });
    return paper;
  }

  @Post(':id/papers/:paperId/follow-up')
  @Refuses(409)
  @HttpCode(201)
  @ApiOperation({ summary: 'Follow a missing or problematic paper up: a lead at the institution (category routine), once per paper' })
  @ApiBody({ schema: ref('SpotCheckFollowUp') })
  @ApiResponse({
    status: 201,
    description: 'the paper and its lead',
    schema: { type: 'object', properties: { paper: ref('SpotCheckPaper'), lead: ref('LeadDetail') }, required: ['paper', 'lead'] },
  })
  followUp(@CurrentUser() p: Principal, @Param('id') id: string, @Param('paperId') paperId: string, @Body() body: unknown) {
    return this.spot.followUp(p, id, paperId, body);
  }

  private async papersExport(p: Principal, id: string, q: PaperFilterQuery, format: 'csv' | 'xlsx', res: Response) {
    const list = await this.spot.papers(p, id, q, { page: 1, pageSize: TABLE_EXPORT_MAX_ROWS });
    await sendTable(res, {
      audit: this.audit,
      principal: p,
      route: `/api/v1/spot-checks/:id/papers.${format}`,
      query: { id, ...q },
      format,
      name: `spot-check-${list.plan.year}`,
      title: `${list.plan.org_name}${list.plan.year}年论文原始数据抽查`,
      asOf: isoDateOf(Date.now()),
      cols: PAPER_COLUMNS,
      rows: list.items,
      total: list.total,
    });
  }

  private async completionExport(p: Principal, q: CompletionQuery, format: 'csv' | 'xlsx', res: Response) {
    const c = await this.spot.completion(p, q);
    await sendTable(res, {
      audit: this.audit,
      principal: p,
      route: `/api/v1/spot-checks/completion.${format}`,
      query: q,
      format,
      name: `spot-check-completion-${c.year}`,
      title: `${c.year}年原始数据抽查完成情况`,
      asOf: c.asOf,
      cols: COMPLETION_COLUMNS,
      rows: c.items,
      total: c.items.length,
    });
  }
}
