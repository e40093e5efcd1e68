import { Module } from '@nestjs/common';
import { RankingService } from './ranking.service';
import { StatisticsController } from './statistics.controller';

@Module({ controllers: [StatisticsController], providers: [RankingService] })
export class StatisticsModule {}
