import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type Principal } from '../auth/principal';
import { EvidenceService } from './evidence.service';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('cases/:id/files')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** The body is read only after the caller's access and the announced size are checked (stored-upload.ts). */
  @Post()
  @ApiOperation({ summary: 'Add an evidence file (handlers of the case); streamed to the file store, at most FILES_MAX_BYTES' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['kind', 'file'], properties: { kind: { type: 'string' }, file: { type: 'string', format: 'binary' } } } })
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.evidence.upload(p, id, req, res);
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
