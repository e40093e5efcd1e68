import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import type { AppConfig } from '@libs/config/src';
import { FILE_STORE, LocalDiskFileStore } from '@libs/persistence/src/file-store';
import { CaseAccessModule } from '../cases/case-access.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';

@Module({
  imports: [CaseAccessModule],
  controllers: [EvidenceController],
  providers: [
    EvidenceService,
    {
      provide: FILE_STORE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<{ app: AppConfig }, true>) =>
        new LocalDiskFileStore(join(config.get('app', { infer: true }).dataDir, 'files')),
    },
  ],
  exports: [EvidenceService, FILE_STORE],
})
export class EvidenceModule {}
