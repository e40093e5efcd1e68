import { Module } from '@nestjs/common';
import { ActionPipeline } from './workflow-action';

/** The action pipeline shared by the case and paper contexts. */
@Module({ providers: [ActionPipeline], exports: [ActionPipeline] })
export class WorkflowActionModule {}
