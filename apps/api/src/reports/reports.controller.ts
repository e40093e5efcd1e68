import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { CurrentUser, Public, type Principal } from '../auth/principal';
import { ref } from '../common/openapi';
import { CaseLinksService } from './case-links.service';
import { clientAddress, CurrentReport, ReporterAuth, ReporterGuard, type ReporterSession } from './reporter-auth';
import { ReportsService } from './reports.service';

const answers = (title: string, status = 200, description = 'done') =>
  ApiResponse({ status, description, content: { 'application/json': { schema: ref(title) } } });
const body = (title: string) => ApiBody({ required: true, schema: ref(title) });
const uploadBody = (extra: Record<string, unknown> = {}) =>
  ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, ...extra } } });
const FILE_HEADERS = {
  'Content-Disposition': { description: "attachment; filename*=UTF-8''<file name>", schema: { type: 'string' } },
  'X-Content-SHA256': { description: 'SHA-256 of the bytes, lower-case hex', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
};
const download = () =>
  ApiResponse({ status: 200, description: 'the file, byte for byte', headers: FILE_HEADERS as never, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } });

/** Requests with a report key: 401 for a wrong key or password (one answer), 429 over a limit (with Retry-After). */
const limited = () =>
  ApiResponse({
    status: 429,
    description: 'too many requests from this address, or too many wrong passwords for this key: retry after `Retry-After` seconds',
    headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } as never,
    content: { 'application/json': { schema: ref('ErrorBody') } },
  });

function sendFile(res: Response, file: { contentType: string; size: number; filename: string; sha256: string }, stream: Readable): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  res.setHeader('X-Content-SHA256', file.sha256);
  stream.pipe(res);
}

export class OrganisationSearchQuery {
  @ApiPropertyOptional({ description: 'part of the name' }) @IsOptional() @IsString() @MaxLength(100) @Matches(/^[^\u0000]*$/, { message: 'q may not contain NUL characters' }) q?: string;
}

export class InboxQuery {
  @ApiPropertyOptional({ enum: ['untriaged', 'all'], default: 'untriaged' }) @IsOptional() @IsIn(['untriaged', 'all']) state?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Matches(/^[1-9]\d{0,5}$/, { message: 'page must be a positive whole number' }) page?: string;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Matches(/^([1-9]|[1-9]\d|100)$/, { message: 'pageSize must be 1–100' }) pageSize?: string;
}

/**
 * The public reporter channel (issue 23): no account. Filing answers the report key once; afterwards every request
 * sends the key and the password as HTTP Basic credentials (reporter-auth.ts: rate limits, one answer for a wrong key
 * or password).
 */
@ApiTags('reporter channel')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly auth: ReporterAuth,
  ) {}

  @Public()
  @Get('organisations')
  @ApiOperation({ summary: 'Organisations a report can be addressed to (public)' })
  @ApiResponse({ status: 200, description: 'at most 50, in tree order', content: { 'application/json': { schema: { type: 'array', items: ref('PublicOrganisation') } } } })
  organisations(@Query() q: OrganisationSearchQuery) {
    return this.reports.organisations(q.q);
  }

  @Public()
  @Get('organisations/:orgId')
  @ApiOperation({ summary: "An organisation and the misconduct types of its policy profile (the codes a report's allegations take; 003 art.2, 001 art.2)" })
  @answers('PublicOrganisation')
  organisation(@Param('orgId', ParseUUIDPipe) orgId: string) {
    return this.reports.organisation(orgId);
  }

  @Public()
  @Post()
  @ApiOperation({
    summary:
      'File a report (举报), anonymous or real-name, to an organisation. The answer carries the report key, shown this once: keep it with your password. ' +
      'Rate-limited per address (REPORTER_FILINGS_PER_ADDRESS an hour)',
  })
  @body('FileReportBody')
  @answers('ReportFiled', 201, 'filed; the key is not shown again')
  @limited()
  async file(@Req() req: Request, @Body() raw: unknown) {
    await this.auth.takeFiling(clientAddress(req));
    return this.reports.file(raw);
  }

  @Public()
  @UseGuards(ReporterGuard)
  @ApiBasicAuth('reportKey')
  @limited()
  @Get('mine')
  @ApiOperation({ summary: 'Your report, the status the office shows, and the messages of both sides (the office’s messages count as read)' })
  @answers('ReporterView')
  mine(@CurrentReport() r: ReporterSession) {
    return this.reports.view(r.reportId);
  }

  @Public()
  @UseGuards(ReporterGuard)
  @ApiBasicAuth('reportKey')
  @limited()
  @Post('mine/messages')
  @ApiOperation({ summary: 'Answer the office (with files uploaded before)' })
  @body('ReporterMessageBody')
  @answers('ReporterMessage', 201, 'sent')
  message(@CurrentReport() r: ReporterSession, @Body() raw: unknown) {
    return this.reports.reporterMessage(r.reportId, raw);
  }

  @Public()
  @UseGuards(ReporterGuard)
  @ApiBasicAuth('reportKey')
  @limited()
  @Post('mine/files')
  @ApiOperation({
    summary:
      'Add a file to your report (the evidence rules: FILES_MAX_BYTES, FILES_ALLOWED_TYPES; streamed, read only once the key and password opened the report); ' +
      'name it in a message to send it with one',
  })
  @ApiConsumes('multipart/form-data')
  @uploadBody()
  @answers('ReportFile', 201, 'stored')
  upload(@CurrentReport() r: ReporterSession, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.reports.reporterUpload(r.reportId, req, res);
  }

  @Public()
  @UseGuards(ReporterGuard)
  @ApiBasicAuth('reportKey')
  @limited()
  @Get('mine/files/:fileId')
  @ApiOperation({ summary: 'A file of your report, or one the office sent with a message' })
  @ApiProduces('application/octet-stream')
  @download()
  async downloadMine(@CurrentReport() r: ReporterSession, @Param('fileId', ParseUUIDPipe) fileId: string, @Res() res: Response) {
    const { file, stream } = await this.reports.reporterDownload(r.reportId, fileId);
    sendFile(res, file, stream);
  }
}

/** The reporter channel as the handlers of a case use it, and the case's related and linked cases (issue 23). */
@ApiTags('reporter channel')
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseReporterController {
  constructor(
    private readonly reports: ReportsService,
    private readonly links: CaseLinksService,
  ) {}

  @Get('reporter-messages')
  @ApiOperation({ summary: 'The reports of the case with their messages and files: handlers of the case only (003 art.46); every read is audited' })
  @answers('CaseReporterChannel')
  channel(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.reports.channel(p, id);
  }

  @Post('reporter-messages')
  @ApiOperation({ summary: 'Write to the reporter (handlers of the case); a reporter who left an e-mail address is told "you have a new message", once' })
  @body('HandlerMessageBody')
  @answers('CaseReporterMessage', 201, 'sent')
  message(@CurrentUser() p: Principal, @Param('id') id: string, @Body() raw: unknown) {
    return this.reports.handlerMessage(p, id, raw);
  }

  @Post('reporter-messages/files')
  @ApiOperation({ summary: 'Upload a file for the reporter (handlers; read only after that is checked); the reporter sees it once it is sent with a message' })
  @ApiConsumes('multipart/form-data')
  @uploadBody({ reportId: { type: 'string', format: 'uuid', description: 'which report of the case (when several were merged into it); sent before the file' } })
  @answers('ReportFile', 201, 'stored')
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.reports.handlerUpload(p, id, req, res);
  }

  @Get('reporter-messages/files/:fileId')
  @ApiOperation({ summary: 'A file of the reporter channel (handlers of the case); every read is audited' })
  @ApiProduces('application/octet-stream')
  @download()
  async download(@CurrentUser() p: Principal, @Param('id') id: string, @Param('fileId', ParseUUIDPipe) fileId: string, @Res() res: Response) {
    const { file, stream } = await this.reports.handlerDownload(p, id, fileId);
    sendFile(res, file, stream);
  }

  @Put('reporter-status')
  @ApiOperation({ summary: 'Choose the status the reporter sees (received, accepted, not_accepted, in_investigation, decided) and a note' })
  @body('ReportStatusBody')
  @answers('CaseReporterChannel')
  status(@CurrentUser() p: Principal, @Param('id') id: string, @Body() raw: unknown) {
    return this.reports.setStatus(p, id, raw);
  }

  @Get('related')
  @ApiOperation({ summary: 'Possibly related cases and papers (the same DOI, or a subject of the same name and organisation) and the links of the case, as far as you can see them' })
  @answers('RelatedView')
  related(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.links.related(p, id);
  }

  @Post('links')
  @ApiOperation({ summary: 'Link another case you can see as related, with a note (integrity administrators, case officers)' })
  @body('CaseLinkBody')
  @answers('CaseLink', 201, 'linked (200: they were linked already; the link is answered as it is)')
  async link(@CurrentUser() p: Principal, @Param('id') id: string, @Body() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const { created, link } = await this.links.link(p, id, raw);
    res.status(created ? 201 : 200);
    return link;
  }

  @Delete('links/:otherId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a related link (a merge stays)' })
  @ApiResponse({ status: 204, description: 'removed' })
  async unlink(@CurrentUser() p: Principal, @Param('id') id: string, @Param('otherId') otherId: string) {
    await this.links.unlink(p, id, otherId);
  }
}

/** Triage of reports received by an organisation (its integrity administrators, issue 23). */
@ApiTags('reporter channel')
@ApiBearerAuth()
@Controller('report-inbox')
export class ReportInboxController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ summary: "Reports received by your organisation (integrity administrators), newest first; the reporter's identity is shown and the read audited (003 art.46)" })
  @answers('InboxPage')
  list(@CurrentUser() p: Principal, @Query() q: InboxQuery) {
    return this.reports.inbox(p, q);
  }

  @Get(':reportId')
  @answers('InboxReport')
  one(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string) {
    return this.reports.inboxReport(p, reportId);
  }

  @Get(':reportId/files/:fileId')
  @ApiProduces('application/octet-stream')
  @download()
  async file(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string, @Param('fileId', ParseUUIDPipe) fileId: string, @Res() res: Response) {
    const { file, stream } = await this.reports.inboxDownload(p, reportId, fileId);
    sendFile(res, file, stream);
  }

  @Post(':reportId/open-case')
  @ApiOperation({
    summary:
      "Open a case from the report through the ordinary registration (its workflow starts): the case's reporter record carries the report's reporter, " +
      "its evidence the reporter's files (handlers only); the reporter sees \"received\"",
  })
  @body('OpenCaseFromReportBody')
  @answers('TriageResult', 201, 'the case is registered')
  openCase(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string, @Body() raw: unknown) {
    return this.reports.openCase(p, reportId, raw);
  }

  @Post(':reportId/make-lead')
  @ApiOperation({
    summary:
      'Make the report a lead of your organisation (origin and category report), triaged like any lead; the case it opens takes the report and its ' +
      'reporter. 409 when a lead has its DOI already',
  })
  @body('MakeLeadBody')
  @answers('TriageResult', 201, 'the lead is registered')
  makeLead(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string, @Body() raw: unknown) {
    return this.reports.makeLead(p, reportId, raw);
  }

  @Post(':reportId/refuse')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse the report at triage; the reporter sees "not_accepted" (with the note meant for them)' })
  @body('RefuseReportBody')
  @answers('TriageResult')
  refuse(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string, @Body() raw: unknown) {
    return this.reports.refuse(p, reportId, raw);
  }
}
