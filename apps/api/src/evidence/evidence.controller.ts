import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsString } from 'class-validator';
import { CurrentUser, type Principal } from '../auth/principal';
import type { UploadedFileLike } from '../common/stored-upload';
import { EvidenceService } from './evidence.service';

export class UploadEvidenceDto {
  @IsString() kind!: string;
}

/** Multer's own limit is a little above the configured one; the service refuses with a clear message first. */
const MULTER_HARD_LIMIT = 1024 * 1024 * 1024;

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('cases/:id/files')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { kind: { type: 'string' }, file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MULTER_HARD_LIMIT, files: 1 }, defParamCharset: 'utf8' }))
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: UploadEvidenceDto, @UploadedFile() file?: UploadedFileLike) {
    return this.evidence.upload(p, id, dto.kind, file);
  }

  @Get()
  list(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.evidence.list(p, id);
  }

  /** Streams the file back byte for byte, with its SHA-256 in a header. */
  @Get(':fileId')
  async download(@CurrentUser() p: Principal, @Param('id') id: string, @Param('fileId', ParseUUIDPipe) fileId: string, @Res() res: Response) {
    const { file, stream } = await this.evidence.open(p, id, fileId);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    res.setHeader('X-Content-SHA256', file.sha256);
    stream.pipe(res);
  }
}
