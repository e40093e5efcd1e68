import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isoDateOf } from '@libs/domain/src/calendar';
import { AuditService } from '../audit/audit.service';
import { AnswersFile, AnswersStoredFile, EXPORT_HEADERS, ref, Refuses, Uploads } from '../common/openapi';
import { sendStoredFile } from '../common/stored-upload';
import { PageField, PageSizeField } from '../common/fields';
import { sendTable, TABLE_EXPORT_MAX_ROWS, XLSX_TYPE, type ExportColumn } from '../common/table-export';
import { BARRED_ACTIVITIES, CATALOGUES, type BarredActivity } from '@libs/domain/src/decision';
import { DateField, EnumField, PatternField, TextField } from '../common/fields';
import { CurrentUser, type Principal } from '../auth/principal';
import { RegistryService } from './registry.service';
import { Answers } from '../common/openapi';
import {
  ManualRegistrationSchema,
  RegistryCheckSchema,
  RegistryEntryDetailSchema,
  RegistryEntryPageSchema,
  RegistryPersonSchema,
} from '@libs/contract/src';

export class PersonsQuery {
  @PatternField(
    /^[^\u0000]*[^\s\u0000][^\u0000]*[^\s\u0000][^\u0000]*$/,
    'q must hold at least 2 characters besides spaces (a name, an ID number or a masked ID number)',
    {
      required: true,
      length: { min: 2, max: 50 },
      description: 'name (or part of it), ID number or masked ID number',
    },
  )
  q!: string;
}

export class CheckQuery {
  @PatternField(/^[0-9A-Za-z()\- ]{4,30}$/, 'idNumber must be an identity document number (4–30 letters, digits, -, (, ))', {
    required: true,
  })
  idNumber!: string;
  @EnumField(
    BARRED_ACTIVITIES,
    {
      description:
        'the activity asked about: funded_projects (承担、参与或申报财政性资金支持的科技计划项目), awards_titles_promotion (科技奖励、人才称号、职务职称晋升), ' +
        'reviewer_nominator (提名或推荐人、被提名人、评审专家), graduate_supervision (招收研究生、研究生导师), st_services (科学技术管理或科技中介服务). ' +
        "Each entry is read against its own profile's catalogue (national-2022 measures 5, 7, 9, 10; henan-2021 measures 5, 7, 8, 10). " +
        'Without activity and measure: barred from any activity.',
    },
    'activity',
  )
  activity?: BarredActivity;
  @PatternField(/^[0-9]{1,2}$/, 'measure must be a measure code', {
    description:
      "older form, kept: a measure code of `profile`'s catalogue; the check asks about the activities that measure bars (a measure that bars nothing, e.g. 通报批评 or the database record, answers barred: false). Give activity or measure, not both.",
  })
  measure?: string;
  @EnumField(
    Object.keys(CATALOGUES),
    { description: "catalogue of `measure`; only with measure; default: your organisation's policy profile" },
    'profile',
  )
  profile?: string;
  @DateField({
    required: true,
    example: '2026-12-01',
    description: 'the day asked about; an entry bars from its startsOn through its endsOn (the last barred day), both included',
  })
  on!: string;
}

export class ChangeEntryDto {
  @DateField({ nullable: true, description: 'the new last barred day (inclusive), on or after the start; null: no end' }) endsOn?:
    string | null;
  @EnumField(['changed', 'revoked'], { description: 'default changed' }, 'status') status?: 'changed' | 'revoked';
  @TextField(4, 500, { required: true, example: '依据复查决定减轻处理 (003 art.40)' }) reason!: string;
}

export class EntryFilterQuery {
  @EnumField(
    ['decision', 'manual'],
    { description: 'decision: recorded from a decision of this system; manual: registered by hand' },
    'origin',
  )
  origin?: string;
  @TextField(0, 50, { description: 'a name (part of it), a full or masked ID number, a decision number (part of it) or a case number' })
  q?: string;
}

export class EntryListQuery extends EntryFilterQuery {
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}

type EntryItem = Awaited<ReturnType<RegistryService['list']>>['items'][number];
export const ENTRY_EXPORT_COLUMNS: ExportColumn<EntryItem>[] = [
  { header: '来源', width: 8, value: (e) => (e.origin === 'manual' ? '人工登记' : '处理决定') },
  { header: '案件编号', width: 18, value: (e) => e.caseNumber ?? '' },
  { header: '处理决定文号', width: 24, value: (e) => e.registration?.provenance.decisionNumber ?? '' },
  { header: '作出决定单位', width: 24, value: (e) => e.registration?.provenance.issuingBody ?? '' },
  { header: '处理措施', width: 40, value: (e) => `${e.measure} ${e.measureLabel}` },
  { header: '政策口径', width: 14, value: (e) => e.profile },
  { header: '起始日', width: 12, value: (e) => e.startsOn },
  { header: '截止日（含）', width: 12, value: (e) => (e.permanent ? '永久' : (e.endsOn ?? '')) },
  { header: '状态', width: 8, value: (e) => e.status },
  { header: '决定状态', width: 10, value: (e) => e.decisionStatus ?? '' },
];

@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @Post('entries')
  @ApiOperation({
    summary: 'Register a penalised person by hand (004 二(三)): integrity administrators of a provincial commission or above',
    description:
      "One entry per measure, read against the catalogue (`profile`, default your organisation's): codes, periods, permanence and severity bounds as a decision's. " +
      'Registered in advance of a decision of this system (`awaitsDecision`, or `caseId` naming its case), the entry is taken over by that decision when it takes effect: ' +
      'the same person (ID number), catalogue and measure give one entry, not two, with the change in its history. The bar check and the archives read both kinds.',
  })
  @ApiBody({ schema: ref('ManualEntryCreate') })
  @Answers(ManualRegistrationSchema, { status: 201, description: 'the registration' })
  register(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.registry.register(p, body);
  }

  @Get('entries')
  @ApiOperation({ summary: 'Registry entries of both kinds, newest first (the registry roles)' })
  @Answers(RegistryEntryPageSchema)
  list(@CurrentUser() p: Principal, @Query() q: EntryListQuery) {
    return this.registry.list(p, q);
  }

  @Post('entries/:entryId/document')
  @ApiOperation({
    summary: "Upload the decision document of an entry registered by hand (its registration's provenance; replaces an earlier one)",
  })
  @ApiParam({ name: 'entryId', format: 'uuid' })
  @Uploads(RegistryEntryDetailSchema, { description: 'the entry with its history', refuses: [409] })
  upload(
    @CurrentUser() p: Principal,
    @Param('entryId', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.registry.uploadDocument(p, id, req, res);
  }

  @Get('entries/:entryId/document')
  @ApiOperation({ summary: 'The decision document of an entry registered by hand' })
  @ApiParam({ name: 'entryId', format: 'uuid' })
  @AnswersStoredFile('the file as uploaded')
  async document(@CurrentUser() p: Principal, @Param('entryId', ParseUUIDPipe) id: string, @Res() res: Response) {
    const { file, stream } = await this.registry.openDocument(p, id);
    await sendStoredFile(res, file, stream);
  }

  @Get('persons')
  @Answers([RegistryPersonSchema])
  persons(@CurrentUser() p: Principal, @Query() q: PersonsQuery) {
    return this.registry.persons(p, q.q);
  }

  @Get('check')
  @ApiOperation({
    summary: 'Is the person barred from an activity on a day? (RULES.md §6)',
    description:
      "Each registry entry is read against its own profile's catalogue: the measure's activities (national-2022: 5 funded_projects, 7 awards_titles_promotion, " +
      '9 reviewer_nominator, 10 graduate_supervision; henan-2021: 5 funded_projects and awards_titles_promotion, 7 reviewer_nominator, 8 graduate_supervision, ' +
      '10 st_services). Measures that bar nothing (通报批评, the database record, …) never answer barred: true. An entry bars from its startsOn through its ' +
      'endsOn, the last barred day, both included. An entry revoked, or whose decision a review or appeal revoked, bars nothing. ' +
      "`measure=` (with `profile=`, default your organisation's profile) is the older form: it asks about the activities that measure bars. " +
      '400 (rules between parameters): activity and measure together, profile without measure, a measure code not in the catalogue of the profile.',
  })
  @Answers(RegistryCheckSchema)
  check(@CurrentUser() p: Principal, @Query() q: CheckQuery) {
    return this.registry.check(p, { idNumber: q.idNumber, on: q.on, activity: q.activity, measure: q.measure, profile: q.profile });
  }

  @Get('entries/:entryId')
  @ApiParam({ name: 'entryId', format: 'uuid' })
  @Answers(RegistryEntryDetailSchema)
  entry(@CurrentUser() p: Principal, @Param('entryId', ParseUUIDPipe) id: string) {
    return this.registry.entry(p, id);
  }

  @Patch('entries/:entryId')
  @ApiParam({ name: 'entryId', format: 'uuid' })
  @Answers(RegistryEntryDetailSchema)
  change(@CurrentUser() p: Principal, @Param('entryId', ParseUUIDPipe) id: string, @Body() dto: ChangeEntryDto) {
    return this.registry.change(p, id, { endsOn: dto.endsOn, status: dto.status, reason: dto.reason });
  }
}

async function exportEntries(
  registry: RegistryService,
  audit: AuditService,
  p: Principal,
  q: EntryFilterQuery,
  format: 'csv' | 'xlsx',
  res: Response,
) {
  const list = await registry.list(p, q, { page: 1, pageSize: TABLE_EXPORT_MAX_ROWS });
  await sendTable(res, {
    audit,
    principal: p,
    route: `/api/v1/registry/entries.${format}`,
    query: q,
    format,
    name: 'registry-entries',
    title: '失信人员信息库',
    asOf: isoDateOf(Date.now()),
    cols: ENTRY_EXPORT_COLUMNS,
    rows: list.items,
    total: list.total,
  });
}

/** `GET /registry/entries.csv` and `.xlsx`: the list's filters, every matching entry up to the export cap; ID numbers never. */
@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry')
export class RegistryExportController {
  constructor(
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
  ) {}

  @Get('entries.csv')
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Registry entries as CSV, every matching row up to ${TABLE_EXPORT_MAX_ROWS}` })
  async csv(@CurrentUser() p: Principal, @Query() q: EntryFilterQuery, @Res() res: Response) {
    await exportEntries(this.registry, this.audit, p, q, 'csv', res);
  }

  @Get('entries.xlsx')
  @AnswersFile([XLSX_TYPE], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Registry entries as an Excel workbook, every matching row up to ${TABLE_EXPORT_MAX_ROWS}` })
  async xlsx(@CurrentUser() p: Principal, @Query() q: EntryFilterQuery, @Res() res: Response) {
    await exportEntries(this.registry, this.audit, p, q, 'xlsx', res);
  }
}
