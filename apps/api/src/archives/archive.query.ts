import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ARCHIVE_PURPOSES, NOTICE_STATUSES } from '../../../../libs/domain/src/archive';
import { CalendarDate, PageParam, PageSizeParam } from '../common/params';

export class ArchivePersonsQuery {
  @ApiProperty({ minLength: 2, maxLength: 50, description: 'a name (part of it), a full ID number or a masked ID number as shown (1101052020****0428)' })
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  @Matches(/^[^\u0000]*$/, { message: 'q must not contain NUL' })
  q!: string;
  @PageParam() page?: string;
  @PageSizeParam(100, 20) pageSize?: string;
}

export class ArchiveCheckQuery {
  @ApiProperty({ minLength: 4, maxLength: 30, pattern: '^[A-Za-z0-9()-]+$', description: 'the full identity document number (never shown back unmasked)' })
  @IsString()
  @Matches(/^[A-Za-z0-9()-]{4,30}$/, { message: 'idNumber must be an identity document number (4–30 letters, digits, "-", "(" or ")")' })
  idNumber!: string;
  @ApiProperty({ enum: ARCHIVE_PURPOSES, description: 'promotion 职务晋升, title 职称评定, award 评奖评优, supervisor 导师遴选, recruitment 研究生招生 (000 §6)' })
  @IsIn(ARCHIVE_PURPOSES as unknown as string[], { message: `purpose must be one of ${ARCHIVE_PURPOSES.join(', ')}` })
  purpose!: string;
  @CalendarDate('on', { example: '2026-12-01', description: 'the day asked about (when the promotion, title, award, selection or enrolment is decided)' })
  on!: string;
}

export class NoticeFilterQuery {
  @ApiPropertyOptional({ enum: NOTICE_STATUSES }) @IsOptional() @IsIn(NOTICE_STATUSES as unknown as string[], { message: `status must be one of ${NOTICE_STATUSES.join(', ')}` }) status?: string;
}

export class NoticeListQuery extends NoticeFilterQuery {
  @PageParam() page?: string;
  @PageSizeParam(100, 20) pageSize?: string;
}

export class PublicNoticeQuery {
  @PageParam() page?: string;
  @PageSizeParam(100, 20) pageSize?: string;
}
