import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { LEAD_CATEGORIES, LEAD_ORIGINS, LEAD_STATUSES } from '../../../../libs/domain/src/lead';
import { PageParam, PageSizeParam } from '../common/params';

/** GET /leads and its exports (query strings; unknown parameters refused by the global ValidationPipe). */
export class LeadFilterQuery {
  @ApiPropertyOptional({ enum: LEAD_STATUSES }) @IsOptional() @IsIn(LEAD_STATUSES as unknown as string[], { message: `status must be one of ${LEAD_STATUSES.join(', ')}` }) status?: string;
  @ApiPropertyOptional({ enum: LEAD_ORIGINS }) @IsOptional() @IsIn(LEAD_ORIGINS as unknown as string[], { message: `origin must be one of ${LEAD_ORIGINS.join(', ')}` }) origin?: string;
  @ApiPropertyOptional({ enum: LEAD_CATEGORIES }) @IsOptional() @IsIn(LEAD_CATEGORIES as unknown as string[], { message: `category must be one of ${LEAD_CATEGORIES.join(', ')}` }) category?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'organisation whose subtree to list (404 outside yours)' }) @IsOptional() @IsUUID(undefined, { message: 'orgId must be an organisation id (UUID)' }) orgId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only leads whose triage deadline is (not) overdue' }) @IsOptional() @IsIn(['true', 'false'], { message: 'overdue must be true or false' }) overdue?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'title words, a lead number or a DOI' }) @IsOptional() @IsString() @MaxLength(200) @Matches(/^[^\u0000]*$/, { message: 'q must not contain NUL' }) q?: string;
}

export class LeadListQuery extends LeadFilterQuery {
  @PageParam() page?: string;
  @PageSizeParam(100, 20) pageSize?: string;
}

export class ReviewQueueQuery {
  @ApiPropertyOptional({ enum: ['pending', 'assigned', 'dismissed'] }) @IsOptional() @IsIn(['pending', 'assigned', 'dismissed'], { message: 'status must be pending, assigned or dismissed' }) status?: string;
  @PageParam() page?: string;
  @PageSizeParam(100, 20) pageSize?: string;
}

export class ImportFormatDto {
  @ApiPropertyOptional({ enum: ['retraction_watch'], default: 'retraction_watch', description: 'the monitoring export (only the Retraction Watch Database CSV for now)' })
  @IsOptional()
  @IsIn(['retraction_watch'], { message: 'format must be retraction_watch' })
  format?: string;
}
