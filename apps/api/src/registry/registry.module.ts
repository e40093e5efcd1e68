import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { RegistryController, RegistryExportController } from './registry.controller';
import { RegistryService } from './registry.service';

@Module({
  imports: [EvidenceModule],
  controllers: [RegistryController, RegistryExportController],
  providers: [RegistryService],
  exports: [RegistryService],
})
export class RegistryModule {}
