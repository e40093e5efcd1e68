import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../cases/case-access.module';
import { DecisionModule } from '../decisions/decision.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { PdfRenderer } from './pdf-renderer.service';

@Module({
  imports: [CaseAccessModule, DecisionModule, EvidenceModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, PdfRenderer],
})
export class DocumentsModule {}
