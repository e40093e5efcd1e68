import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CaseLinkBodySchema,
  CaseLinkSchema,
  CaseReporterChannelSchema,
  CaseReporterMessageSchema,
  FileReportBodySchema,
  HandlerMessageBodySchema,
  InboxPageSchema,
  InboxReportSchema,
  MakeLeadBodySchema,
  OpenCaseFromReportBodySchema,
  PublicOrganisationSchema,
  RefuseReportBodySchema,
  RelatedViewSchema,
  ReportFiledSchema,
  ReportFileSchema,
  ReporterMessageBodySchema,
  ReporterMessageSchema,
  ReporterViewSchema,
  ReportStatusBodySchema,
  TriageResultSchema,
} from '@libs/contract/src';
import type { TSchema } from '@sinclair/typebox';
import { CurrentUser, Public, type Principal } from '../auth/principal';
import { EnumField, PageField, PageSizeField, TextField } from '../common/fields';
import { Answers, AnswersNothing, AnswersStoredFile, Refuses, ref, Uploads } from '../common/openapi';
import { CaseLinksService } from './case-links.service';
import { clientAddress, CurrentReport, ReporterAuth, ReporterGuard, type ReporterSession } from './reporter-auth';
import { ReportsService } from './reports.service';
import { sendStoredFile } from '../common/stored-upload';

/** A JSON body of libs/contract/src/reports.ts (checked with `conform` in the service: unknown keys refused). */
const body = (schema: TSchema) => ApiBody({ required: true, schema: ref(schema.title!) });

const limited = () =>
  ApiResponse({
    status: 429,
    description: 'too many requests from this address, or too many wrong passwords for this key: retry after `Retry-After` seconds',
    headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } as never,
    content: { 'application/json': { schema: ref('ErrorBody') } },
  });

/**
 * Requests with a report key (HTTP Basic): 401 for a wrong key or a wrong password (one answer), 429 over a limit
 * (with Retry-After).
 */
const withReportKey = () =>
  applyDecorators(
    Public(),
    UseGuards(ReporterGuard),
    ApiBasicAuth('reportKey'),
    ApiResponse({
      status: 401,
      description: 'no report key and password, or a wrong one: the same answer for an unknown key and a wrong password',
      content: { 'application/json': { schema: ref('ErrorBody') } },
    }),
    limited(),
  );
export class OrganisationSearchQuery {
  @TextField(0, 100, { description: 'part of the name' }) q?: string;
}

export class InboxQuery {
  @EnumField(
    ['untriaged', 'all'],
    { default: 'untriaged', description: 'untriaged: reports still waiting for triage; all: every report' },
    'state',
  )
  state?: string;
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
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
  @Answers([PublicOrganisationSchema], { description: 'at most 50, in tree order' })
  organisations(@Query() q: OrganisationSearchQuery) {
    return this.reports.organisations(q.q);
  }

  @Public()
  @Get('organisations/:orgId')
  @ApiOperation({
    summary: "An organisation and the misconduct types of its policy profile (the codes a report's allegations take; 003 art.2, 001 art.2)",
  })
  @Answers(PublicOrganisationSchema)
  @ApiParam({ name: 'orgId', format: 'uuid' })
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
  @body(FileReportBodySchema)
  @Answers(ReportFiledSchema, { status: 201, description: 'filed; the key is not shown again' })
  @limited()
  async file(@Req() req: Request, @Body() raw: unknown) {
    // Counted once the body is valid, before the password is hashed: a refused body writes nothing.
    return this.reports.file(raw, () => this.auth.takeFiling(clientAddress(req)));
  }

  @withReportKey()
  @Get('mine')
  @ApiOperation({
    summary: 'Your report, the status the office shows, and the messages of both sides (the office’s messages count as read)',
  })
  @Answers(ReporterViewSchema)
  mine(@CurrentReport() r: ReporterSession) {
    return this.reports.view(r.reportId);
  }

  @withReportKey()
  @Post('mine/messages')
  @ApiOperation({ summary: 'Answer the office (with files uploaded before)' })
  @body(ReporterMessageBodySchema)
  @Answers(ReporterMessageSchema, { status: 201, description: 'sent' })
  @Refuses(409)
  message(@CurrentReport() r: ReporterSession, @Body() raw: unknown) {
    return this.reports.reporterMessage(r.reportId, raw);
  }

  @withReportKey()
  @Post('mine/files')
  @ApiOperation({
    summary:
      'Add a file to your report (the evidence rules: FILES_MAX_BYTES, FILES_ALLOWED_TYPES; streamed, read only once the key and password opened the report); ' +
      'name it in a message to send it with one',
  })
  @Uploads(ReportFileSchema)
  upload(@CurrentReport() r: ReporterSession, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.reports.reporterUpload(r.reportId, req, res);
  }

  @withReportKey()
  @Get('mine/files/:fileId')
  @ApiOperation({ summary: 'A file of your report, or one the office sent with a message' })
  @AnswersStoredFile('the file, byte for byte')
  @ApiParam({ name: 'fileId', format: 'uuid' })
  async downloadMine(@CurrentReport() r: ReporterSession, @Param('fileId', ParseUUIDPipe) fileId: string, @Res() res: Response) {
    const { file, stream } = await this.reports.reporterDownload(r.reportId, fileId);
    await sendStoredFile(res, file, stream);
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
  @ApiOperation({
    summary: 'The reports of the case with their messages and files: handlers of the case only (003 art.46); every read is audited',
  })
  @Answers(CaseReporterChannelSchema)
  channel(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.reports.channel(p, id);
  }

  @Post('reporter-messages')
  @ApiOperation({
    summary: 'Write to the reporter (handlers of the case); a reporter who left an e-mail address is told "you have a new message", once',
  })
  @body(HandlerMessageBodySchema)
  @Answers(CaseReporterMessageSchema, { status: 201, description: 'sent' })
  @Refuses(409)
  message(@CurrentUser() p: Principal, @Param('id') id: string, @Body() raw: unknown) {
    return this.reports.handlerMessage(p, id, raw);
  }

  @Post('reporter-messages/files')
  @ApiOperation({
    summary:
      'Upload a file for the reporter (handlers; read only after that is checked); the reporter sees it once it is sent with a message',
  })
  @Uploads(ReportFileSchema, {
    fields: {
      reportId: {
        type: 'string',
        format: 'uuid',
        description: 'which report of the case (when several were merged into it); sent before the file',
      },
    },
    refuses: [409],
  })
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.reports.handlerUpload(p, id, req, res);
  }

  @Get('reporter-messages/files/:fileId')
  @ApiOperation({ summary: 'A file of the reporter channel (handlers of the case); every read is audited' })
  @AnswersStoredFile('the file, byte for byte')
  @ApiParam({ name: 'fileId', format: 'uuid' })
  async download(
    @CurrentUser() p: Principal,
    @Param('id') id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res() res: Response,
  ) {
    const { file, stream } = await this.reports.handlerDownload(p, id, fileId);
    await sendStoredFile(res, file, stream);
  }

  @Put('reporter-status')
  @ApiOperation({ summary: 'Choose the status the reporter sees (received, accepted, not_accepted, in_investigation, decided) and a note' })
  @body(ReportStatusBodySchema)
  @Answers(CaseReporterChannelSchema)
  @Refuses(409)
  status(@CurrentUser() p: Principal, @Param('id') id: string, @Body() raw: unknown) {
    return this.reports.setStatus(p, id, raw);
  }

  @Get('related')
  @ApiOperation({
    summary:
      'Possibly related cases and papers (the same DOI, or a subject of the same name and organisation) and the links of the case, as far as you can see them',
  })
  @Answers(RelatedViewSchema)
  related(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.links.related(p, id);
  }

  @Post('links')
  @ApiOperation({ summary: 'Link another case you can see as related, with a note (integrity administrators, case officers)' })
  @body(CaseLinkBodySchema)
  @Answers(CaseLinkSchema, { status: 201, description: 'linked' })
  @Answers(CaseLinkSchema, { description: 'they were linked already: the link as it is' })
  async link(@CurrentUser() p: Principal, @Param('id') id: string, @Body() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const { created, link } = await this.links.link(p, id, raw);
    res.status(created ? 201 : 200);
    return link;
  }

  @Delete('links/:otherId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a related link (a merge stays)' })
  @AnswersNothing('removed')
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
  @ApiOperation({
    summary:
      "Reports received by your organisation (integrity administrators), newest first; the reporter's identity is shown and the read audited (003 art.46)",
  })
  @Answers(InboxPageSchema)
  list(@CurrentUser() p: Principal, @Query() q: InboxQuery) {
    return this.reports.inbox(p, q);
  }

  @Get(':reportId')
  @ApiOperation({
    summary:
      "A report received by your organisation, with its files and messages (integrity administrators); the reporter's identity read is audited",
  })
  @Answers(InboxReportSchema)
  @ApiParam({ name: 'reportId', format: 'uuid' })
  one(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string) {
    return this.reports.inboxReport(p, reportId);
  }

  @Get(':reportId/files/:fileId')
  @ApiOperation({ summary: 'A file of a report received by your organisation (integrity administrators)' })
  @AnswersStoredFile('the file, byte for byte')
  @ApiParam({ name: 'reportId', format: 'uuid' })
  @ApiParam({ name: 'fileId', format: 'uuid' })
  async file(
    @CurrentUser() p: Principal,
    @Param('reportId', ParseUUIDPipe) reportId: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res() res: Response,
  ) {
    const { file, stream } = await this.reports.inboxDownload(p, reportId, fileId);
    await sendStoredFile(res, file, stream);
  }

  @Post(':reportId/open-case')
  @ApiOperation({
    summary:
      "Open a case from the report through the ordinary registration (its workflow starts): the case's reporter record carries the report's reporter, " +
      'its evidence the reporter\'s files (handlers only); the reporter sees "received"',
  })
  @body(OpenCaseFromReportBodySchema)
  @Answers(TriageResultSchema, { status: 201, description: 'the case is registered' })
  @Refuses(409)
  @ApiParam({ name: 'reportId', format: 'uuid' })
  openCase(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string, @Body() raw: unknown) {
    return this.reports.openCase(p, reportId, raw);
  }

  @Post(':reportId/make-lead')
  @ApiOperation({
    summary:
      'Make the report a lead of your organisation (origin and category report), triaged like any lead; the case it opens takes the report and its ' +
      'reporter. 409 when a lead has its DOI already',
  })
  @body(MakeLeadBodySchema)
  @Answers(TriageResultSchema, { status: 201, description: 'the lead is registered' })
  @Refuses(409)
  @ApiParam({ name: 'reportId', format: 'uuid' })
  makeLead(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string, @Body() raw: unknown) {
    return this.reports.makeLead(p, reportId, raw);
  }

  @Post(':reportId/refuse')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse the report at triage; the reporter sees "not_accepted" (with the note meant for them)' })
  @body(RefuseReportBodySchema)
  @Answers(TriageResultSchema)
  @Refuses(409)
  @ApiParam({ name: 'reportId', format: 'uuid' })
  refuse(@CurrentUser() p: Principal, @Param('reportId', ParseUUIDPipe) reportId: string, @Body() raw: unknown) {
    return this.reports.refuse(p, reportId, raw);
  }
}
