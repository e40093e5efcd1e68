import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { getPolicyProfile, POLICY_PROFILES } from '../../../../libs/domain/src/policy';

@ApiTags('policy-profiles')
@ApiBearerAuth()
@Controller('policy-profiles')
export class PolicyController {
  @Get()
  list() {
    return Object.values(POLICY_PROFILES).map((p) => ({ code: p.code, name: p.name, regulation: p.regulation }));
  }

  /** Each deadline kind with its rule and the article it comes from. */
  @Get(':code')
  get(@Param('code') code: string) {
    return getPolicyProfile(code);
  }
}
