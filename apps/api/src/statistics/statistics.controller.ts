import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { RankingService } from './ranking.service';

export class RankingQuery {
  @ApiProperty({ example: '2026Q3' }) @Matches(/^\d{4}Q[1-4]$/, { message: 'quarter must look like 2026Q3' }) quarter!: string;
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly ranking: RankingService) {}

  /** Published to every signed-in organisation (000 §4). */
  @Get('ranking')
  get(@Query() q: RankingQuery) {
    return this.ranking.ranking(q.quarter);
  }
}
