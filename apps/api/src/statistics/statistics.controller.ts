import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PatternField } from '../common/fields';
import { RankingService } from './ranking.service';
import { Answers } from '../common/openapi';
import { RankingSchema } from '@libs/contract/src';

export class RankingQuery {
  @PatternField(/^(19|20)[0-9]{2}Q[1-4]$/, 'quarter must look like 2026Q3 (a year of 1900–2099)', { required: true, example: '2026Q3' })
  quarter!: string;
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly ranking: RankingService) {}

  /** Published to every signed-in organisation (000 §4). */
  @Get('ranking')
  @Answers(RankingSchema)
  get(@Query() q: RankingQuery) {
    return this.ranking.ranking(q.quarter);
  }
}
