import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnumField } from '../common/fields';
import { CurrentUser, type Principal } from '../auth/principal';
import { sendStoredFile, type UploadedFileLike } from '../common/stored-upload';
import { EvidenceService } from './evidence.service';
import { Answers, AnswersFile, FILE_HEADERS, Refuses } from '../common/openapi';
import { EVIDENCE_KINDS, EvidenceFileSchema, StoredFileSchema } from '../../../../libs/contract/src';

export class UploadEvidenceDto {
  @EnumField(EVIDENCE_KINDS, { required: true }, 'kind') kind!: string;
}

/** Multer's own limit is a little above the configured one; the service refuses with a clear message first. */
const MULTER_HARD_LIMIT = 1024 * 1024 * 1024;

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('cases/:id/files')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post()
  @ApiOperation({ summary: 'Add a file to the case (handlers only); kinds of the case profile\'s catalogue, plus report_material (handlers only, 003 art.46)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      additionalProperties: false,
      properties: { kind: { type: 'string', enum: EVIDENCE_KINDS }, file: { type: 'string', format: 'binary', description: 'one file, of an allowed content type (FILES_ALLOWED_TYPES), at most FILES_MAX_BYTES' } },
    },
  })
  @Answers(StoredFileSchema, { status: 201, description: 'stored' })
  @Refuses(413, 415)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MULTER_HARD_LIMIT, files: 1 }, defParamCharset: 'utf8' }))
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: UploadEvidenceDto, @UploadedFile() file?: UploadedFileLike) {
    return this.evidence.upload(p, id, dto.kind, file);
  }

  @Get()
  @Answers([EvidenceFileSchema], { description: 'the files, oldest first; report materials only for handlers' })
  list(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.evidence.list(p, id);
  }

  /** Streams the file back byte for byte, with its SHA-256 in a header. */
  @Get(':fileId')
  @ApiParam({ name: 'fileId', format: 'uuid' })
  @AnswersFile(['application/octet-stream'], { description: 'the bytes as uploaded, with the content type given then', headers: FILE_HEADERS })
  async download(@CurrentUser() p: Principal, @Param('id') id: string, @Param('fileId', ParseUUIDPipe) fileId: string, @Res() res: Response) {
    const { file, stream } = await this.evidence.open(p, id, fileId);
    await sendStoredFile(res, file, stream);
  }
}
