import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORG_LEVELS } from './org-levels';

export class OrganisationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORG_LEVELS }) level!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
  @ApiProperty({ example: '410102', description: 'administrative-region code (行政区划代码), 6 digits' }) regionCode!: string;
  @ApiProperty({ example: 'national-2022' }) policyProfile!: string;
  @ApiProperty({ description: 'ids from the root down to this organisation, joined by "/"' }) path!: string;
}

export class ImportErrorView {
  @ApiProperty({ description: 'row number as a spreadsheet shows it (row 1 is the header)' }) row!: number;
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['name', 'level', 'parentRegionCode', 'regionCode', 'policyProfile'], description: 'null: the row as a whole' })
  field!: string | null;
  @ApiProperty() message!: string;
}

export class ImportResultView {
  @ApiProperty({ description: 'organisations created by this import' }) imported!: number;
  @ApiProperty({ type: [ImportErrorView], description: 'rows not imported, with the reason; existing organisations are reported as duplicates' })
  errors!: ImportErrorView[];
}
