import { Module } from '@nestjs/common';
import { CaseAccess } from './case-access.service';

/** Case visibility, shared by every module that serves something of a case. */
@Module({ providers: [CaseAccess], exports: [CaseAccess] })
export class CaseAccessModule {}
