import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CaseController } from './case.controller';
import { CaseService } from './case.service';

@Module({ imports: [CalendarModule], controllers: [CaseController], providers: [CaseService] })
export class CaseModule {}
