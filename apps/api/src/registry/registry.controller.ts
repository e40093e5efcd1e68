import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { BARRED_ACTIVITIES, CATALOGUES, type BarredActivity } from '../../../../libs/domain/src/decision';
import { DateField, EnumField, PatternField, TextField } from '../common/fields';
import { CurrentUser, type Principal } from '../auth/principal';
import { RegistryService } from './registry.service';
import { Answers } from '../common/openapi';
import { RegistryCheckSchema, RegistryEntryDetailSchema, RegistryPersonSchema } from '../../../../libs/contract/src';

export class PersonsQuery {
  @PatternField(/^[^\u0000]*[^\s\u0000][^\u0000]*[^\s\u0000][^\u0000]*$/, 'q must hold at least 2 characters besides spaces (a name, an ID number or a masked ID number)', {
    required: true,
    length: { min: 2, max: 50 },
    description: 'name (or part of it), ID number or masked ID number',
  })
  q!: string;
}

export class CheckQuery {
  @PatternField(/^[0-9A-Za-z()\- ]{4,30}$/, 'idNumber must be an identity document number (4–30 letters, digits, -, (, ))', { required: true }) idNumber!: string;
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
  @EnumField(Object.keys(CATALOGUES), { description: "catalogue of `measure`; only with measure; default: your organisation's policy profile" }, 'profile')
  profile?: string;
  @DateField({ required: true, example: '2026-12-01', description: 'the day asked about; an entry bars from its startsOn through its endsOn (the last barred day), both included' }) on!: string;
}

export class ChangeEntryDto {
  @DateField({ nullable: true, description: 'the new last barred day (inclusive), on or after the start; null: no end' }) endsOn?: string | null;
  @EnumField(['changed', 'revoked'], { description: 'default changed' }, 'status') status?: 'changed' | 'revoked';
  @TextField(4, 500, { required: true, example: '依据复查决定减轻处理 (003 art.40)' }) reason!: string;
}

@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

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
