import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CalendarDate } from '../common/params';
import { CurrentUser, type Principal } from '../auth/principal';
import { RegistryService } from './registry.service';

export class PersonsQuery {
  @ApiProperty({ description: 'name, ID number or masked ID number' }) @IsString() @MinLength(2) @MaxLength(50) q!: string;
}

export class CheckQuery {
  @ApiProperty() @IsString() @MinLength(4) @MaxLength(30) idNumber!: string;
  @ApiPropertyOptional({ description: 'measure code of the profile (the activity barred)' }) @IsOptional() @Matches(/^\d{1,2}$/, { message: 'measure must be a measure code' }) measure?: string;
  @CalendarDate('on', { example: '2026-12-01', description: 'the day the activity takes place' }) on!: string;
}

export class ChangeEntryDto {
  @CalendarDate('endsOn', { required: false, nullable: true, description: 'new end of the measure (after its start), or null' }) endsOn?: string | null;
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
  check(@CurrentUser() p: Principal, @Query() q: CheckQuery) {
    return this.registry.check(p, q.idNumber, q.measure, q.on);
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
