import { Module } from '@nestjs/common';
import { LeadModule } from '../leads/lead.module';
import { SpotCheckController } from './spot-check.controller';
import { SpotCheckService } from './spot-check.service';

/** Raw-data spot checks (000 §10): /spot-checks. */
@Module({ imports: [LeadModule], controllers: [SpotCheckController], providers: [SpotCheckService] })
export class SpotCheckModule {}
