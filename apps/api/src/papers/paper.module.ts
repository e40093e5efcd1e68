import { WorkflowActionModule } from '../common/workflow-action.module';
import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { LeadModule } from '../leads/lead.module';
import { PaperController } from './paper.controller';
import { PaperService } from './paper.service';

/** Problem papers: import, dispatch down the tree, review chain up (RULES.md §2, §5). */
@Module({ imports: [EvidenceModule, WorkflowActionModule, LeadModule], controllers: [PaperController], providers: [PaperService] })
export class PaperModule {}
