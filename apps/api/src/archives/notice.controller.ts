import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiParam, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isoDateOf } from '@libs/domain/src/calendar';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, Public, type Principal } from '../auth/principal';
import { AnswersFile, EXPORT_HEADERS, ref, Refuses } from '../common/openapi';
import { sendTable, TABLE_EXPORT_MAX_ROWS, XLSX_TYPE, type ExportColumn } from '../common/table-export';
import { NoticeFilterQuery, NoticeListQuery, PublicNoticeQuery } from './archive.query';
import { NoticeService, noticeView } from './notice.service';

/** Public notices of confirmed misconduct (通报, issue 22 point 6; 000 §3). */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticeController {
  constructor(private readonly notices: NoticeService) {}

  @Post()
  @ApiOperation({
    summary:
      'Draw a notice from a decision in force for one penalised person: name, unit, misconduct, measures (never the ID number); integrity administrators',
  })
  @ApiBody({ schema: ref('NoticeCreate') })
  @ApiResponse({ status: 201, description: 'the notice, a draft', schema: ref('Notice') })
  @Refuses(409)
  create(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.notices.create(p, body);
  }

  @Get()
  @ApiOperation({ summary: 'Notices issued in your subtree, newest first' })
  @ApiOkResponse({ schema: ref('NoticePage') })
  list(@CurrentUser() p: Principal, @Query() q: NoticeListQuery) {
    return this.notices.list(p, q);
  }

  @Get(':id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ schema: ref('Notice') })
  get(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.notices.get(p, id);
  }

  @Post(':id/publish')
  @ApiParam({ name: 'id', format: 'uuid' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the notice (a draft, or one withdrawn); only while its decision is in force' })
  @ApiBody({ schema: ref('NoticePublish'), required: false })
  @ApiOkResponse({ schema: ref('Notice') })
  @Refuses(409)
  publish(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.notices.act(p, id, 'publish', body);
  }

  @Post(':id/withdraw')
  @ApiParam({ name: 'id', format: 'uuid' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the notice, with a reason' })
  @ApiBody({ schema: ref('NoticeWithdraw') })
  @ApiOkResponse({ schema: ref('Notice') })
  @Refuses(409)
  withdraw(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.notices.act(p, id, 'withdraw', body);
  }
}

/** The public list: no bearer token. */
@ApiTags('notices')
@Controller('public/notices')
export class PublicNoticeController {
  constructor(private readonly notices: NoticeService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Published notices of confirmed misconduct (000 §3), newest first; no authentication; never an ID number' })
  @ApiOkResponse({ schema: ref('PublicNoticePage') })
  list(@Query() q: PublicNoticeQuery) {
    return this.notices.publicList(q);
  }
}

type NoticeItem = ReturnType<typeof noticeView>;
const NOTICE_EXPORT_COLUMNS: ExportColumn<NoticeItem>[] = [
  { header: '标题', width: 40, value: (n) => n.title },
  { header: '姓名', width: 12, value: (n) => n.personName },
  { header: '单位', width: 30, value: (n) => n.unit },
  { header: '失信行为', width: 40, value: (n) => n.misconduct },
  { header: '处理措施', width: 50, value: (n) => n.measures },
  { header: '作出决定单位', width: 24, value: (n) => n.issuingOrg },
  { header: '决定生效日', width: 12, value: (n) => n.decidedOn },
  { header: '案件编号', width: 18, value: (n) => n.caseNumber },
  { header: '状态', width: 10, value: (n) => n.status },
  { header: '发布时间', width: 22, value: (n) => n.publishedAt ?? '' },
];

async function exportNotices(
  notices: NoticeService,
  audit: AuditService,
  p: Principal,
  q: NoticeFilterQuery,
  format: 'csv' | 'xlsx',
  res: Response,
) {
  const list = await notices.list(p, q, { page: 1, pageSize: TABLE_EXPORT_MAX_ROWS });
  await sendTable(res, {
    audit,
    principal: p,
    route: `/api/v1/notices.${format}`,
    query: q,
    format,
    name: 'notices',
    title: '科研失信行为通报',
    asOf: isoDateOf(Date.now()),
    cols: NOTICE_EXPORT_COLUMNS,
    rows: list.items,
    total: list.total,
  });
}

/** `GET /notices.csv` and `/notices.xlsx`. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller()
export class NoticeExportController {
  constructor(
    private readonly notices: NoticeService,
    private readonly audit: AuditService,
  ) {}

  @Get('notices.csv')
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Notices as CSV, the list's filters, up to ${TABLE_EXPORT_MAX_ROWS}` })
  async csv(@CurrentUser() p: Principal, @Query() q: NoticeFilterQuery, @Res() res: Response) {
    await exportNotices(this.notices, this.audit, p, q, 'csv', res);
  }

  @Get('notices.xlsx')
  @AnswersFile([XLSX_TYPE], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Notices as an Excel workbook, up to ${TABLE_EXPORT_MAX_ROWS}` })
  async xlsx(@CurrentUser() p: Principal, @Query() q: NoticeFilterQuery, @Res() res: Response) {
    await exportNotices(this.notices, this.audit, p, q, 'xlsx', res);
  }
}
