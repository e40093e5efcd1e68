import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type Principal } from '../auth/principal';
import { ImportUpload } from '../common/tabular-upload';
import { PAPER_ROLE } from '@libs/domain/src/paper';
import { ActionRoute, Call, withETag, type ActionCall } from '../common/action-route';
import { sendStoredFile } from '../common/stored-upload';
import { DispatchBatchDto, ListPapersQuery, ProgressQuery, ReviewSettingsDto } from './paper.dto';
import { PAPER_FILE_KINDS, PaperService } from './paper.service';
import { Answers, AnswersStoredFile, ETAG_HEADER, Refuses, Uploads } from '../common/openapi';
import {
  PaperBatchDispatchSchema,
  PaperEventSchema,
  PaperFileSchema,
  PaperFileStoredSchema,
  PaperImportResultSchema,
  PaperPageSchema,
  PaperProgressSchema,
  PaperSchema,
  ReviewSettingsSchema,
} from '@libs/contract/src';

const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

@ApiTags('papers')
@ApiBearerAuth()
@Controller('papers')
export class PaperController {
  constructor(private readonly papers: PaperService) {}

  @Post('import')
  @HttpCode(200)
  @ImportUpload([PAPER_ROLE], { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10 } })
  @ApiOperation({
    summary: 'Import a batch of retracted papers (CSV UTF-8 or XLSX; 002)',
    description:
      'Header (Chinese or English): 批次 batch, 编号 number, 标题 title, 作者姓名 authors, 第一通讯作者单位 correspondingUnit, 行政区划 regionCode, ' +
      '期刊 journal, DOI, 撤稿日期 retractionDate, 来源 source; optional 第一通讯作者所在单位原文 affiliationText, 转办部门 dispatchingDepartment. ' +
      'Good rows are imported and held by your commission; bad rows come back as ' +
      '{ row, reason }; a paper already imported (batch + number) is left unchanged.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      additionalProperties: false,
      properties: { file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX; at most 10 MB' } },
    },
  })
  @Answers(PaperImportResultSchema)
  @Refuses(413, 415)
  async import(@CurrentUser() p: Principal, @UploadedFile() file?: { buffer: Buffer; originalname?: string }) {
    return this.papers.import(p, file);
  }

  @Get()
  @Answers(PaperPageSchema)
  @Refuses(404)
  @ApiOperation({
    summary: 'Papers held in your subtree, or your work list (waitingFor=me: 待办理 / 待审核 / 待预审), paginated',
    description:
      'Filters: status, batch, orgId (your subtree), waitingFor=me with task=handle|review|pre_review, q (title or DOI), page, pageSize (1–200).',
  })
  list(@CurrentUser() p: Principal, @Query() q: ListPapersQuery) {
    return this.papers.list(p, q);
  }

  @Get('progress')
  @Answers(PaperProgressSchema)
  @Refuses(404)
  @ApiOperation({ summary: '办理进度: counts per status below your organisation (or orgId in your subtree), per child organisation' })
  progress(@CurrentUser() p: Principal, @Query() q: ProgressQuery) {
    return this.papers.progress(p, q.orgId);
  }

  @Post('dispatch')
  @HttpCode(200)
  @Answers(PaperBatchDispatchSchema)
  @Refuses(404)
  @ApiOperation({ summary: 'Dispatch every paper of a batch held by your commission to the child organisation of its region (002)' })
  dispatch(@CurrentUser() p: Principal, @Body() dto: DispatchBatchDto) {
    return this.papers.dispatchBatch(p, dto.batch);
  }

  @Get('review-settings/:orgId')
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @Answers(ReviewSettingsSchema)
  @ApiOperation({
    summary:
      "A commission's review settings: pre-review of drafts (004 二(二); provincial by default) and the official letter on approval (002)",
    description: 'Readable by the organisation, its subtree and the organisations above it; another answers 404.',
  })
  reviewSettings(@CurrentUser() p: Principal, @Param('orgId', ParseUUIDPipe) orgId: string) {
    return this.papers.reviewSettings(p, orgId);
  }

  @Put('review-settings/:orgId')
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @Answers(ReviewSettingsSchema)
  @ApiOperation({
    summary: "Change a commission's review settings (its integrity administrators, or a system administrator)",
    description:
      'preReview only at the levels of PAPER_PRE_REVIEW_LEVELS (provincial by default, 004 二(二)); an institution has no settings.',
  })
  settings(@CurrentUser() p: Principal, @Param('orgId', ParseUUIDPipe) orgId: string, @Body() dto: ReviewSettingsDto) {
    return this.papers.updateReviewSettings(p, orgId, dto);
  }

  @Get(':id')
  @ApiOperation({
    summary: "A paper: where it is in the tree and in the review chain, its case, the caller's allowed actions; `ETag` is its version",
  })
  @Answers(PaperSchema, { description: 'the paper', headers: ETAG_HEADER })
  get(@CurrentUser() p: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    return withETag(res, this.papers.get(p, id));
  }

  @Get(':id/timeline')
  @Answers([PaperEventSchema], { description: 'the events, oldest first' })
  timeline(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.papers.timeline(p, id);
  }

  /** One documented operation per action (apps/api/src/common/openapi.ts); this route serves them all. */
  @ActionRoute()
  act(@CurrentUser() p: Principal, @Param('id') id: string, @Call() call: ActionCall, @Res({ passthrough: true }) res: Response) {
    return withETag(res, this.papers.act(p, id, call));
  }

  /** The body is read only after the caller's access and the announced size are checked (stored-upload.ts). */
  @Post(':id/files')
  @ApiOperation({
    summary:
      "Attach a file to the paper's flow: official_letter (公函, 正式函件), stamped_result (正式加印资料), draft_material, original_paper (论文原文), other; at most FILES_MAX_BYTES, streamed after the access check",
  })
  @Uploads(PaperFileStoredSchema, { fields: { kind: { type: 'string', enum: [...PAPER_FILE_KINDS] } }, required: ['kind'] })
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.papers.upload(p, id, req, res);
  }

  @Get(':id/files')
  @Answers([PaperFileSchema], { description: 'the files of the paper, oldest first' })
  files(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.papers.files(p, id);
  }

  @Get(':id/files/:fileId')
  @ApiParam({ name: 'fileId', format: 'uuid' })
  @AnswersStoredFile()
  async download(
    @CurrentUser() p: Principal,
    @Param('id') id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res() res: Response,
  ) {
    const { file, stream } = await this.papers.openFile(p, id, fileId);
    await sendStoredFile(res, file, stream);
  }
}
