import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
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
  @PatternField(/^[0-9]{1,2}$/, 'measure must be a measure code', { description: 'measure code of the profile (the activity barred)' }) measure?: string;
  @DateField({ required: true, example: '2026-12-01' }) on!: string;
}

export class ChangeEntryDto {
  @DateField({ nullable: true, description: 'new last day; null: no end; after the start' }) endsOn?: string | null;
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
  @Answers(RegistryCheckSchema)
  check(@CurrentUser() p: Principal, @Query() q: CheckQuery) {
    return this.registry.check(p, q.idNumber, q.measure, q.on);
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
