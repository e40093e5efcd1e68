import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isoDateOf } from '@libs/domain/src/calendar';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, type Principal } from '../auth/principal';
import { IntQueryField } from '../common/fields';
import { ref, AnswersFile, EXPORT_HEADERS, Refuses } from '../common/openapi';
import { sendTable, XLSX_TYPE, type ExportColumn } from '../common/table-export';
import { SelfInspectionService } from './self-inspection.service';

class CampaignListQuery {
  @IntQueryField(2000, 2099, 'year must be a year 2000–2099', { example: 2026 }) year?: string;
}

interface AnswerItem {
  orgName: string;
  status: string;
  submittedAt: string | null;
  declaredPapers: number;
  itemsNotYes: number;
}
const STATUS: Record<string, string> = { none: '未填报', draft: '填报中', submitted: '已提交' };
const COLUMNS: ExportColumn<AnswerItem>[] = [
  { header: '机构', width: 30, value: (r) => r.orgName },
  { header: '填报状态', width: 10, value: (r) => STATUS[r.status] ?? r.status },
  { header: '提交时间', width: 24, value: (r) => r.submittedAt },
  { header: '申报问题论文数', width: 14, value: (r) => r.declaredPapers },
  { header: '未完全落实事项数', width: 16, value: (r) => r.itemsNotYes },
];

/** Annual self-inspection (000 §13), issue 22. */
@ApiTags('self-inspections')
@ApiBearerAuth()
@Controller('self-inspections')
export class SelfInspectionController {
  constructor(
    private readonly si: SelfInspectionService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @Refuses(409)
  @ApiOperation({
    summary:
      "Open a province's self-inspection for a year with its window (a provincial commission's integrity administrators; one per year)",
  })
  @ApiBody({ schema: ref('CampaignCreate') })
  @ApiResponse({ status: 201, schema: ref('CampaignView'), description: 'the campaign' })
  create(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.si.create(p, body);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns that concern you: of your province (to answer or oversee) or of provinces below you' })
  @ApiOkResponse({ schema: { type: 'array', items: ref('CampaignView') } })
  list(@CurrentUser() p: Principal, @Query() q: CampaignListQuery) {
    return this.si.list(p, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign with the checklist of 000 §13 and whether its window is open' })
  @ApiOkResponse({ schema: ref('CampaignView') })
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.si.get(p, id);
  }

  @Get(':id/answers')
  @ApiOperation({ summary: 'Who has answered: every institution of your part of the province, with its status and declared papers' })
  @ApiOkResponse({ schema: ref('CampaignAnswers') })
  answers(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.si.answers(p, id);
  }

  @Get(':id/answers.csv')
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: 'Who has answered, as CSV (UTF-8 with BOM, Chinese headers)' })
  async answersCsv(@CurrentUser() p: Principal, @Param('id') id: string, @Res() res: Response) {
    await this.export(p, id, 'csv', res);
  }

  @Get(':id/answers.xlsx')
  @AnswersFile([XLSX_TYPE], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: 'Who has answered, as an Excel workbook' })
  async answersXlsx(@CurrentUser() p: Principal, @Param('id') id: string, @Res() res: Response) {
    await this.export(p, id, 'xlsx', res);
  }

  @Get(':id/answers/:orgId')
  @ApiOperation({ summary: "An institution's answer (the institution itself and the commissions above it)" })
  @ApiOkResponse({ schema: ref('SelfInspectionResponse') })
  answer(@CurrentUser() p: Principal, @Param('id') id: string, @Param('orgId') orgId: string) {
    return this.si.response(p, id, orgId);
  }

  @Put(':id/response')
  @Refuses(409)
  @ApiOperation({
    summary: "Save your institution's answer (checklist, rectification, declared problem papers) as a draft, within the window",
  })
  @ApiBody({ schema: ref('SelfInspectionResponseSave') })
  @ApiOkResponse({ schema: ref('SelfInspectionResponse') })
  save(@CurrentUser() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.si.save(p, id, body);
  }

  @Post(':id/response/submit')
  @Refuses(409)
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the saved answer for good: every checklist item answered, within the window' })
  @ApiOkResponse({ schema: ref('SelfInspectionResponse') })
  submit(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.si.submit(p, id);
  }

  private async export(p: Principal, id: string, format: 'csv' | 'xlsx', res: Response) {
    const a = await this.si.answers(p, id);
    await sendTable(res, {
      audit: this.audit,
      principal: p,
      route: `/api/v1/self-inspections/:id/answers.${format}`,
      query: { id },
      format,
      name: `self-inspection-${a.campaign.year}`,
      title: `${a.campaign.title}填报情况`,
      asOf: isoDateOf(Date.now()),
      cols: COLUMNS,
      rows: a.items,
      total: a.items.length,
    });
  }
}
