import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../cases/case-access.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { DecisionController } from './decision.controller';
import { DecisionService } from './decision.service';

@Module({
  imports: [CaseAccessModule, EvidenceModule],
  controllers: [DecisionController],
  providers: [DecisionService],
  exports: [DecisionService],
})
export class DecisionModule {}
