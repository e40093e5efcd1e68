import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ref } from '../common/openapi';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { BARRED_ACTIVITIES, type BarredActivity } from '../../../../libs/domain/src/decision';
import { CalendarDate } from '../common/params';
import { CurrentUser, type Principal } from '../auth/principal';
import { RegistryService } from './registry.service';

export class PersonsQuery {
  @ApiProperty({ description: 'name, ID number or masked ID number' }) @IsString() @MinLength(2) @MaxLength(50) q!: string;
}

export class CheckQuery {
  @ApiProperty() @IsString() @MinLength(4) @MaxLength(30) idNumber!: string;
  @ApiPropertyOptional({
    enum: BARRED_ACTIVITIES,
    description:
      'the activity asked about: funded_projects (承担、参与或申报财政性资金支持的科技计划项目), awards_titles_promotion (科技奖励、人才称号、职务职称晋升), ' +
      'reviewer_nominator (提名或推荐人、被提名人、评审专家), graduate_supervision (招收研究生、研究生导师), st_services (科学技术管理或科技中介服务). ' +
      "Each entry is read against its own profile's catalogue (national-2022 measures 5, 7, 9, 10; henan-2021 measures 5, 7, 8, 10). " +
      'Without activity and measure: barred from any activity.',
  })
  @IsOptional()
  @IsIn(BARRED_ACTIVITIES as unknown as string[], { message: `activity must be one of ${BARRED_ACTIVITIES.join(', ')}` })
  activity?: BarredActivity;
  @ApiPropertyOptional({
    description:
      "older form, kept: a measure code of `profile`'s catalogue; the check asks about the activities that measure bars (a measure that bars nothing, e.g. 通报批评 or the database record, answers barred: false). Give activity or measure, not both.",
  })
  @IsOptional()
  @Matches(/^\d{1,2}$/, { message: 'measure must be a measure code' })
  measure?: string;
  @ApiPropertyOptional({ description: "catalogue of `measure` (national-2022, henan-2021); default: your organisation's policy profile" })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'profile must be a policy profile code' })
  profile?: string;
  @CalendarDate('on', { example: '2026-12-01', description: 'the day asked about (the day the activity takes place); an entry bars from its startsOn through its endsOn (the last barred day), both included' })
  on!: string;
}

export class ChangeEntryDto {
  @CalendarDate('endsOn', { required: false, nullable: true, description: 'the new last barred day (inclusive), on or after the start; null: no end' }) endsOn?: string | null;
  @ApiPropertyOptional({ enum: ['changed', 'revoked'] }) @IsOptional() @IsIn(['changed', 'revoked']) status?: 'changed' | 'revoked';
  @ApiProperty({ example: '依据复查决定减轻处理 (003 art.40)' }) @IsString() @MinLength(4) @MaxLength(500) reason!: string;
}

@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @Get('persons')
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
      "`measure=` (with `profile=`, default your organisation's profile) is the older form: it asks about the activities that measure bars.",
  })
  @ApiOkResponse({ schema: ref('RegistryCheck') })
  check(@CurrentUser() p: Principal, @Query() q: CheckQuery) {
    return this.registry.check(p, { idNumber: q.idNumber, on: q.on, activity: q.activity, measure: q.measure, profile: q.profile });
  }

  @Get('entries/:entryId')
  entry(@CurrentUser() p: Principal, @Param('entryId', ParseUUIDPipe) id: string) {
    return this.registry.entry(p, id);
  }

  @Patch('entries/:entryId')
  change(@CurrentUser() p: Principal, @Param('entryId', ParseUUIDPipe) id: string, @Body() dto: ChangeEntryDto) {
    return this.registry.change(p, id, { endsOn: dto.endsOn, status: dto.status, reason: dto.reason });
  }
}
