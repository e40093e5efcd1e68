import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EnumField, IntQueryField, PageField, PageSizeField, TextField, UuidField } from '../common/fields';
import { LEAD_CATEGORIES, LEAD_ORIGINS, LEAD_STATUSES } from '@libs/domain/src/lead';

/** GET /leads and its exports (query strings; unknown parameters refused by the global ValidationPipe). */
export class LeadFilterQuery {
  @EnumField(LEAD_STATUSES, {}, 'status') status?: string;
  @EnumField(LEAD_ORIGINS, {}, 'origin') origin?: string;
  @EnumField(LEAD_CATEGORIES, {}, 'category') category?: string;
  @UuidField({ description: 'organisation whose subtree to list (404 outside yours)' }, 'orgId', 'orgId must be an organisation id (UUID)')
  orgId?: string;
  @EnumField(['true', 'false'], { description: 'only leads whose triage deadline is (not) overdue' }, 'overdue') overdue?: string;
  @TextField(0, 200, { description: 'title words, a lead number or a DOI' }) q?: string;
}

export class LeadListQuery extends LeadFilterQuery {
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}

export class ReviewQueueQuery {
  @EnumField(['pending', 'assigned', 'dismissed'], {}, 'status') status?: string;
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}

export class ImportFormatDto {
  @ApiPropertyOptional({
    enum: ['retraction_watch'],
    default: 'retraction_watch',
    description: 'the monitoring export (only the Retraction Watch Database CSV for now)',
  })
  @IsOptional()
  @IsIn(['retraction_watch'], { message: 'format must be retraction_watch' })
  format?: string;
}
