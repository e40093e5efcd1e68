import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CASE_SOURCES, PHASES } from '../../../../libs/domain/src/case/actions';
import { POLICY_PROFILES } from '../../../../libs/domain/src/policy';
import { CalendarDate, PageParam, PageSizeParam } from '../common/params';

export class SubjectDto {
  @ApiProperty({ example: '张三' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiPropertyOptional({ example: '郑州市第一人民医院' }) @IsOptional() @IsString() @MaxLength(200) organisation?: string;
}

export class ReporterDto {
  @ApiProperty({ example: '李四' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiPropertyOptional({ example: 'lisi@example.org' }) @IsOptional() @IsString() @MaxLength(200) contact?: string;
  @ApiProperty({ description: 'real-name report (实名举报): the acceptance decision is notified to the reporter' })
  @IsBoolean()
  realName!: boolean;
}

export class PaperDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) journal?: string;
  @ApiPropertyOptional({ example: '10.1000/xyz123' }) @IsOptional() @Matches(/^10\.\d{4,9}\/\S+$/, { message: 'doi must look like 10.NNNN/…' }) doi?: string;
}

export class CreateCaseDto {
  @ApiProperty({ enum: CASE_SOURCES }) @IsIn(CASE_SOURCES) source!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() handlingOrgId!: string;
  @CalendarDate('receivedAt', { description: 'date received (Asia/Shanghai); may be in the past for cases brought over, not in the future' })
  receivedAt!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) title!: string;
  @ApiProperty({ type: [String], description: "misconduct type codes of the handling organisation's policy profile (GET /policy-profiles/{code}/catalogue)" })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[0-9A-Za-z_.-]{1,10}$/, { each: true, message: 'allegations must be misconduct type codes of the profile (e.g. "01")' })
  allegations!: string[];
  @ApiProperty({ type: [SubjectDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SubjectDto)
  subjects!: SubjectDto[];
  @ApiPropertyOptional({ type: ReporterDto }) @IsOptional() @ValidateNested() @Type(() => ReporterDto) reporter?: ReporterDto;
  @ApiPropertyOptional({ type: PaperDto }) @IsOptional() @ValidateNested() @Type(() => PaperDto) paper?: PaperDto;
}

const PROFILE_CODES = Object.keys(POLICY_PROFILES);

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: PHASES }) @IsOptional() @IsIn(PHASES as string[], { message: `phase must be one of ${PHASES.join(', ')}` }) phase?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'organisation whose subtree to list' }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) overdue?: string;
  @CalendarDate('dueBefore', { required: false, description: 'cases with an open deadline due before this day' }) dueBefore?: string;
  @ApiPropertyOptional({ enum: CASE_SOURCES }) @IsOptional() @IsIn(CASE_SOURCES) source?: string;
  @ApiPropertyOptional({ enum: PROFILE_CODES }) @IsOptional() @IsIn(PROFILE_CODES, { message: `profile must be one of ${PROFILE_CODES.join(', ')}` }) profile?: string;
  @PageParam() page?: string;
  @PageSizeParam(100, 20) pageSize?: string;
}
