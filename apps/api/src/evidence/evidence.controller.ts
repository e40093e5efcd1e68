import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type Principal } from '../auth/principal';
import { sendStoredFile } from '../common/stored-upload';
import { EvidenceService } from './evidence.service';
import { Answers, AnswersStoredFile, Uploads } from '../common/openapi';
import { EVIDENCE_KINDS, EvidenceFileSchema, StoredFileSchema } from '@libs/contract/src';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('cases/:id/files')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** The body is read only after the caller's access and the announced size are checked (stored-upload.ts). */
  @Post()
  @ApiOperation({
    summary:
      "Add an evidence file (handlers of the case); streamed to the file store, at most FILES_MAX_BYTES; kinds of the case profile's catalogue, plus report_material (handlers only, 003 art.46)",
  })
  @Uploads(StoredFileSchema, { fields: { kind: { type: 'string', enum: EVIDENCE_KINDS } }, required: ['kind'] })
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.evidence.upload(p, id, req, res);
  }

  @Get()
  @Answers([EvidenceFileSchema], { description: 'the files, oldest first; report materials only for handlers' })
  list(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.evidence.list(p, id);
  }

  /** Streams the file back byte for byte, with its SHA-256 in a header. */
  @Get(':fileId')
  @ApiParam({ name: 'fileId', format: 'uuid' })
  @AnswersStoredFile()
  async download(
    @CurrentUser() p: Principal,
    @Param('id') id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res() res: Response,
  ) {
    const { file, stream } = await this.evidence.open(p, id, fileId);
    await sendStoredFile(res, file, stream);
  }
}
