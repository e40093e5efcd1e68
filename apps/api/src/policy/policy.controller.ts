import { Body, Controller, Delete, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Period } from '@libs/domain/src/calendar';
import { getCatalogue } from '@libs/domain/src/decision';
import { DEADLINE_KINDS, deadlineRule, getPolicyProfile, POLICY_PROFILES, type PolicyProfile } from '@libs/domain/src/policy';
import { CurrentUser, type Principal } from '../auth/principal';
import { ReminderPolicyDto } from '../organisations/reminder-policy.dto';
import { DefencePeriodDto } from '../organisations/defence-period.dto';
import { RequireRoles, RolesGuard } from '../users/roles';
import { PolicySettingsService } from './policy-settings.service';
import { Answers } from '../common/openapi';
import {
  CatalogueSchema,
  ProfileDefencePeriodSchema,
  ProfileReminderPolicySchema,
  ProfileSchema,
  ProfileSummarySchema,
} from '@libs/contract/src';

@ApiTags('policy-profiles')
@ApiBearerAuth()
@UseGuards(RolesGuard)
@Controller('policy-profiles')
export class PolicyController {
  constructor(private readonly settings: PolicySettingsService) {}

  /** Reminder stages of the profile (stored, or the product default), with where they come from. */
  @Get(':code/reminder-policy')
  @Answers(ProfileReminderPolicySchema)
  @ApiOperation({ summary: "A profile's reminder stages for new cases (an organisation's own stages override them)" })
  @ApiParam({ name: 'code', example: 'national-2022', enum: Object.keys(POLICY_PROFILES) })
  reminderPolicy(@Param('code') code: string) {
    return this.settings.reminderPolicy(code);
  }

  @Put(':code/reminder-policy')
  @Answers(ProfileReminderPolicySchema)
  @RequireRoles('system_admin')
  @ApiOperation({ summary: "Set a profile's reminder stages for new cases of organisations without their own (system admin)" })
  @ApiParam({ name: 'code', example: 'henan-2021', enum: Object.keys(POLICY_PROFILES) })
  setReminderPolicy(@CurrentUser() p: Principal, @Param('code') code: string, @Body() dto: ReminderPolicyDto) {
    return this.settings.setReminderPolicy(p, code, dto);
  }

  @Delete(':code/reminder-policy')
  @Answers(ProfileReminderPolicySchema)
  @RequireRoles('system_admin')
  @ApiOperation({ summary: "Back to the product default for the profile's new cases (system admin)" })
  @ApiParam({ name: 'code', example: 'henan-2021', enum: Object.keys(POLICY_PROFILES) })
  clearReminderPolicy(@CurrentUser() p: Principal, @Param('code') code: string) {
    return this.settings.clearReminderPolicy(p, code);
  }
  /** Issue 17 point 12: the statement-and-defence period (003 art.27) of new cases, per profile. */
  @Get(':code/defence-period')
  @ApiOperation({ summary: "A profile's statement-and-defence period for new cases (an organisation's own period overrides it)" })
  @Answers(ProfileDefencePeriodSchema)
  @ApiParam({ name: 'code', example: 'national-2022', enum: Object.keys(POLICY_PROFILES) })
  defencePeriod(@Param('code') code: string) {
    return this.settings.defencePeriod(code);
  }

  @Put(':code/defence-period')
  @RequireRoles('system_admin')
  @ApiOperation({ summary: "Set a profile's defence period for new cases of organisations without their own (system admin)" })
  @Answers(ProfileDefencePeriodSchema)
  @ApiParam({ name: 'code', example: 'national-2022', enum: Object.keys(POLICY_PROFILES) })
  setDefencePeriod(@CurrentUser() p: Principal, @Param('code') code: string, @Body() dto: DefencePeriodDto) {
    return this.settings.setDefencePeriod(p, code, dto);
  }

  @Delete(':code/defence-period')
  @RequireRoles('system_admin')
  @ApiOperation({ summary: "Back to the profile's default defence period for new cases (system admin)" })
  @Answers(ProfileDefencePeriodSchema)
  @ApiParam({ name: 'code', example: 'national-2022', enum: Object.keys(POLICY_PROFILES) })
  clearDefencePeriod(@CurrentUser() p: Principal, @Param('code') code: string) {
    return this.settings.clearDefencePeriod(p, code);
  }

  @Get()
  @Answers([ProfileSummarySchema])
  @ApiOperation({ summary: 'Policy profiles (one per regulation), each with its deadline kinds' })
  list() {
    return Object.values(POLICY_PROFILES).map((p) => ({
      code: p.code,
      name: p.name,
      regulation: p.regulation,
      source: p.source,
      deadlines: deadlines(p).map(({ kind, rule, article }) => ({ kind, rule, article })),
    }));
  }

  /** The decision catalogue (RULES.md §4): misconduct types, severities, measures, factors, attachments, with articles. */
  @Get(':code/catalogue')
  @Answers(CatalogueSchema)
  @ApiOperation({ summary: 'Decision catalogue of a profile: types, severity levels, measures, factors, attachment kinds' })
  @ApiParam({ name: 'code', example: 'national-2022', enum: Object.keys(POLICY_PROFILES) })
  catalogue(@Param('code') code: string) {
    getPolicyProfile(code);
    return getCatalogue(code);
  }

  /** Each deadline kind with its rule and the article it comes from. Unknown code: 404 (POLICY_PROFILE_UNKNOWN). */
  @Get(':code')
  @Answers(ProfileSchema)
  @ApiOperation({ summary: 'One policy profile: every deadline kind with its period, rule and article' })
  @ApiParam({ name: 'code', example: 'national-2022', enum: Object.keys(POLICY_PROFILES) })
  get(@Param('code') code: string) {
    const p = getPolicyProfile(code);
    return {
      code: p.code,
      name: p.name,
      regulation: p.regulation,
      source: p.source,
      deadlines: deadlines(p),
      investigation: p.investigation,
      allowsReporterObjection: p.allowsReporterObjection,
      allowsTermination: p.allowsTermination,
      ...(p.preliminaryCheckStaffMin !== undefined ? { preliminaryCheckStaffMin: p.preliminaryCheckStaffMin } : {}),
      articles: p.articles,
      appealAuthority: p.appealAuthority,
    };
  }
}

/** The profile's deadlines in procedure order (a kind the profile lacks is not part of its procedure). */
function deadlines(p: PolicyProfile) {
  return DEADLINE_KINDS.flatMap((kind) => {
    const r = deadlineRule(p, kind);
    if (!r) return [];
    return [
      {
        kind,
        period: { amount: r.period.amount, unit: r.period.unit },
        rule: ruleText(r.period),
        source: r.source,
        article: r.article,
        label: r.label,
        decision: r.decision === true,
        ...(r.note !== undefined ? { note: r.note } : {}),
      },
    ];
  });
}

function ruleText(p: Period): string {
  const unit = p.unit === 'working_days' ? 'working day' : p.unit === 'days' ? 'calendar day' : 'month';
  return `${p.amount} ${unit}${p.amount === 1 ? '' : 's'}`;
}
