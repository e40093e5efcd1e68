import { WorkflowActionModule } from '../common/workflow-action.module';
import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DecisionModule } from '../decisions/decision.module';
import { CaseAccessModule } from './case-access.module';
import { CaseController } from './case.controller';
import { CaseService } from './case.service';

@Module({
  imports: [CalendarModule, CaseAccessModule, DecisionModule, WorkflowActionModule],
  controllers: [CaseController],
  providers: [CaseService],
  exports: [CaseAccessModule, CaseService],
})
export class CaseModule {}
