import { Module } from '@nestjs/common';
import { LeadModule } from '../leads/lead.module';
import { SelfInspectionController } from './self-inspection.controller';
import { SelfInspectionService } from './self-inspection.service';

/** Annual self-inspection (000 §13): /self-inspections. */
@Module({ imports: [LeadModule], controllers: [SelfInspectionController], providers: [SelfInspectionService] })
export class SelfInspectionModule {}
