import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/** GET /organisations: the caller's subtree, or only the direct children of one organisation in it. */
export class ListOrganisationsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the direct children of this organisation (404 outside your subtree)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}
