import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CaseAccess } from './case-access.service';
import { CaseController } from './case.controller';
import { CaseService } from './case.service';

@Module({ imports: [CalendarModule], controllers: [CaseController], providers: [CaseService, CaseAccess], exports: [CaseAccess] })
export class CaseModule {}
