import { Module } from '@nestjs/common';
import { PolicySettingsService } from './policy-settings.service';
import { PolicyController } from './policy.controller';

@Module({ controllers: [PolicyController], providers: [PolicySettingsService] })
export class PolicyModule {}
