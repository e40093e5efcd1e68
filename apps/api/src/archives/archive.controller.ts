import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiParam, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isoDateOf } from '@libs/domain/src/calendar';
import type { ArchivePurpose } from '@libs/domain/src/archive';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, type Principal } from '../auth/principal';
import { AnswersFile, EXPORT_HEADERS, ref, Refuses } from '../common/openapi';
import { sendTable, TABLE_EXPORT_MAX_ROWS, XLSX_TYPE, type ExportColumn } from '../common/table-export';
import { ImportUpload, readUploadedTable } from '../common/tabular-upload';
import { ArchiveCheckQuery, ArchivePersonsQuery } from './archive.query';
import { ArchiveService } from './archive.service';

const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Integrity archives (诚信档案, issue 22 point 3; 000 §6, §15). ID numbers go in whole (a search, the veto check, a
 * training) and only ever come back masked.
 */
@ApiTags('archives')
@ApiBearerAuth()
@Controller('archives')
export class ArchiveController {
  constructor(private readonly archives: ArchiveService) {}

  @Get('persons')
  @ApiOperation({ summary: 'Find a person by name (part of it), full ID number or masked ID number (the registry roles)' })
  @ApiOkResponse({ schema: ref('ArchivePersonPage') })
  persons(@CurrentUser() p: Principal, @Query() q: ArchivePersonsQuery) {
    return this.archives.persons(p, q);
  }

  @Get('check')
  @ApiOperation({
    summary:
      'Does a running penalty veto promotion, title, award, supervisor selection or graduate recruitment on a day? (000 §6 一票否决)',
    description:
      "Vetoed while an entry in force (of a decision, or registered by hand) bars the catalogue activity the purpose falls under (promotion, title, award: awards_titles_promotion; supervisor, recruitment: graduate_supervision), read in the entry's own catalogue; " +
      'and, whatever the measures bar, while the penalty period of a serious finding (severity level 3 and above, ARCHIVE_SERIOUS_RANK) runs. Running penalties that veto nothing are listed as linked.',
  })
  @ApiOkResponse({ schema: ref('ArchiveCheck') })
  check(@CurrentUser() p: Principal, @Query() q: ArchiveCheckQuery) {
    return this.archives.check(p, { idNumber: q.idNumber, purpose: q.purpose as ArchivePurpose, on: q.on });
  }

  @Get('persons/:id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary:
      "A person's archive: cases as subject (your subtree), decisions with their status history, registry entries of both kinds with their history, trainings",
  })
  @ApiOkResponse({ schema: ref('ArchivePerson') })
  person(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.archives.person(p, id);
  }

  @Post('persons/:id/trainings')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: "Record a training in the person's archive (integrity administrators; 000 §15)" })
  @ApiBody({ schema: ref('TrainingCreate') })
  @ApiResponse({ status: 201, description: 'the record', schema: ref('TrainingRecord') })
  @Refuses(409)
  addTraining(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.archives.addTraining(p, id, body);
  }

  @Post('trainings')
  @ApiOperation({
    summary: 'Record a training for a person named by ID number; the archive is opened when the person is new (integrity administrators)',
  })
  @ApiBody({ schema: ref('TrainingRegister') })
  @ApiResponse({ status: 201, description: 'the record', schema: ref('TrainingRecord') })
  @Refuses(409)
  registerTraining(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.archives.registerTraining(p, body);
  }

  @Post('trainings/import')
  @HttpCode(200)
  @ImportUpload(['integrity_admin'], { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 0 } })
  @ApiOperation({
    summary: 'Import training records (CSV or XLSX): 姓名, 证件号码, 单位, 培训名称, 类别, 学时, 完成日期, 主办单位',
    description:
      'Bad rows come back as { row, reason } and the others are recorded; the same person, title and day recorded before changes nothing.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ schema: ref('TrainingImportResult') })
  async importTrainings(@CurrentUser() p: Principal, @UploadedFile() file?: { buffer: Buffer; originalname?: string }) {
    return this.archives.importTrainings(p, await readUploadedTable(file));
  }
}

type PersonItem = Awaited<ReturnType<ArchiveService['persons']>>['items'][number];
const PERSON_EXPORT_COLUMNS: ExportColumn<PersonItem>[] = [
  { header: '姓名', width: 12, value: (x) => x.name },
  { header: '证件号码（脱敏）', width: 22, value: (x) => x.idNumber },
  { header: '单位', width: 30, value: (x) => x.organisation },
];

async function exportPersons(
  archives: ArchiveService,
  audit: AuditService,
  p: Principal,
  q: ArchivePersonsQuery,
  format: 'csv' | 'xlsx',
  res: Response,
) {
  const list = await archives.persons(p, { q: q.q, page: '1', pageSize: String(TABLE_EXPORT_MAX_ROWS) });
  await sendTable(res, {
    audit,
    principal: p,
    route: `/api/v1/archives/persons.${format}`,
    query: { q: q.q },
    format,
    name: 'archive-persons',
    title: '科研诚信档案',
    asOf: isoDateOf(Date.now()),
    cols: PERSON_EXPORT_COLUMNS,
    rows: list.items,
    total: list.total,
  });
}

/** `GET /archives/persons.csv` and `.xlsx`: a search's persons (masked), every one up to the export cap. */
@ApiTags('archives')
@ApiBearerAuth()
@Controller('archives')
export class ArchiveExportController {
  constructor(
    private readonly archives: ArchiveService,
    private readonly audit: AuditService,
  ) {}

  @Get('persons.csv')
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Persons found, as CSV (ID numbers masked), up to ${TABLE_EXPORT_MAX_ROWS}` })
  async csv(@CurrentUser() p: Principal, @Query() q: ArchivePersonsQuery, @Res() res: Response) {
    await exportPersons(this.archives, this.audit, p, q, 'csv', res);
  }

  @Get('persons.xlsx')
  @AnswersFile([XLSX_TYPE], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Persons found, as an Excel workbook (ID numbers masked), up to ${TABLE_EXPORT_MAX_ROWS}` })
  async xlsx(@CurrentUser() p: Principal, @Query() q: ArchivePersonsQuery, @Res() res: Response) {
    await exportPersons(this.archives, this.audit, p, q, 'xlsx', res);
  }
}
