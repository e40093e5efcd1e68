import { ARCHIVE_PURPOSES, NOTICE_STATUSES } from '@libs/domain/src/archive';
import { DateField, EnumField, PageField, PageSizeField, PatternField } from '../common/fields';

export class ArchivePersonsQuery {
  @PatternField(
    /^[^\u0000]*[^\s\u0000][^\u0000]*[^\s\u0000][^\u0000]*$/,
    'q must hold at least 2 characters besides spaces (a name, an ID number or a masked ID number)',
    {
      required: true,
      length: { min: 2, max: 50 },
      description: 'a name (part of it), a full ID number or a masked ID number as shown (1101052020****0428)',
    },
  )
  q!: string;
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}

export class ArchiveCheckQuery {
  @PatternField(/^[A-Za-z0-9()-]{4,30}$/, 'idNumber must be an identity document number (4–30 letters, digits, "-", "(" or ")")', {
    required: true,
    description: 'the full identity document number (never shown back unmasked)',
  })
  idNumber!: string;
  @EnumField(
    ARCHIVE_PURPOSES,
    {
      required: true,
      description: 'promotion 职务晋升, title 职称评定, award 评奖评优, supervisor 导师遴选, recruitment 研究生招生 (000 §6)',
    },
    'purpose',
  )
  purpose!: string;
  @DateField({
    required: true,
    example: '2026-12-01',
    description: 'the day asked about (when the promotion, title, award, selection or enrolment is decided)',
  })
  on!: string;
}

export class NoticeFilterQuery {
  @EnumField(NOTICE_STATUSES, {}, 'status') status?: string;
}

export class NoticeListQuery extends NoticeFilterQuery {
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}

export class PublicNoticeQuery {
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}
