import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiParam, ApiTags } from '@nestjs/swagger';
import { PatternField, TextField } from '../common/fields';
import { CurrentUser, type Principal } from '../auth/principal';
import { JournalService } from './journal.service';
import { ImportUpload } from '../common/tabular-upload';
import { Answers, AnswersNothing, Refuses } from '../common/openapi';
import { JournalImportResultSchema, JournalLookupSchema, WarningJournalSchema } from '@libs/contract/src';

const ISSN = /^[0-9]{4}-[0-9]{3}[0-9Xx]$/;
const ISSN_MESSAGE = 'issn must look like 1234-5679 (NNNN-NNNC)';

export class JournalLookupQuery {
  @PatternField(ISSN, ISSN_MESSAGE, { example: '1234-5679', description: 'give issn or title' }) issn?: string;
  @TextField(2, 300, { description: 'the beginning of the title (case, spaces and punctuation ignored); give issn or title' })
  title?: string;
}

export class AddJournalDto {
  @PatternField(ISSN, ISSN_MESSAGE, { example: '1234-5679', description: 'with a valid check digit (ISO 3297)' }) issn?: string;
  @TextField(1, 300, { required: true }) title!: string;
  @TextField(0, 300) publisher?: string;
  @TextField(1, 300, { required: true, example: '中国科学院文献情报中心《国际期刊预警名单》2026' }) source!: string;
}

@ApiTags('warning-journals')
@ApiBearerAuth()
@Controller('warning-journals')
export class JournalController {
  constructor(private readonly journals: JournalService) {}

  @Get()
  @Answers(JournalLookupSchema)
  lookup(@Query() q: JournalLookupQuery) {
    return this.journals.lookup(q);
  }

  @Post()
  @Answers(WarningJournalSchema, { status: 201 })
  @Refuses(409)
  add(@CurrentUser() p: Principal, @Body() dto: AddJournalDto) {
    return this.journals.add(p, dto);
  }

  @Delete(':journalId')
  @HttpCode(204)
  @ApiParam({ name: 'journalId', format: 'uuid' })
  @AnswersNothing('removed from the list')
  async remove(@CurrentUser() p: Principal, @Param('journalId', ParseUUIDPipe) id: string) {
    await this.journals.remove(p, id);
  }

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      additionalProperties: false,
      properties: {
        file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX, header issn,title,publisher,source; at most 2 MB' },
      },
    },
  })
  @Answers(JournalImportResultSchema)
  @Refuses(413, 415)
  // The commission level is checked by the service before it parses the file.
  @ImportUpload(['integrity_admin', 'system_admin'], { limits: { fileSize: 2 * 1024 * 1024, files: 1 }, defParamCharset: 'utf8' })
  import(@CurrentUser() p: Principal, @UploadedFile() file?: { buffer: Buffer; originalname: string }) {
    return this.journals.import(p, file);
  }
}
