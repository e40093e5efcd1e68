import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { RequireRoles, RolesGuard } from '../users/roles';
import { ListMembersQuery, ListOrganisationsQuery } from './list-organisations.query';
import { IMPORT_MAX_BYTES, OrganisationImportService, type UploadedCsv } from './organisation-import.service';
import { OrganisationService } from './organisation.service';
import { ReminderPolicyDto } from './reminder-policy.dto';
import { DefencePeriodDto } from './defence-period.dto';
import { Answers, Refuses } from '../common/openapi';
import {
  ImportResultViewSchema,
  OrgMemberSchema,
  OrganisationDefencePeriodSchema,
  OrganisationReminderPolicySchema,
  OrganisationViewSchema,
} from '@libs/contract/src';

@ApiTags('organisations')
@ApiBearerAuth()
@UseGuards(RolesGuard)
@Controller('organisations')
export class OrganisationController {
  constructor(
    private readonly orgs: OrganisationService,
    private readonly importer: OrganisationImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s subtree as a flat list (top down); `parentId` narrows it to one organisation’s children' })
  @Answers([OrganisationViewSchema])
  @Refuses(404)
  list(@CurrentUser() p: Principal, @Query() q: ListOrganisationsQuery) {
    return this.orgs.list(p, q.parentId);
  }

  @Get(':id')
  @Answers(OrganisationViewSchema)
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.orgs.get(p, id);
  }

  @Get(':id/members')
  @ApiOperation({
    summary:
      "Colleagues for staff pickers (e.g. accept's checkedBy): the organisation's active accounts, id, name and roles only. " +
      'Your own organisation (a system_admin: any of its subtree); every read is audited',
  })
  @Answers([OrgMemberSchema])
  members(@CurrentUser() p: Principal, @Param('id') id: string, @Query() q: ListMembersQuery) {
    return this.orgs.members(p, id, q.role);
  }

  /**
   * The role guard runs before the upload interceptor, so a caller without system_admin gets 403 before the file is read.
   * Over 2 MB: 413. Legacy .xls files: 415.
   */
  @Post('import')
  @HttpCode(200)
  @RequireRoles('system_admin')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10 } }))
  @ApiOperation({
    summary: 'Import organisations from CSV (UTF-8) or XLSX (first sheet); header name,level,parentRegionCode,regionCode,policyProfile',
    description:
      'Good rows are imported, bad rows reported as { row, field, message } (row 1 is the header); one transaction. ' +
      'A row whose region code exists is reported as a duplicate, so importing the same file again creates nothing.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @Answers(ImportResultViewSchema)
  @Refuses(413, 415)
  import(@CurrentUser() p: Principal, @UploadedFile() file?: UploadedCsv) {
    return this.importer.import(p, file);
  }

  /** The organisation's reminder stages for new cases (issue: reminders); they override its policy profile's. */
  @Put(':id/reminder-policy')
  @ApiParam({ name: 'id', format: 'uuid' })
  @Answers(OrganisationReminderPolicySchema)
  @RequireRoles('system_admin')
  setReminderPolicy(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReminderPolicyDto) {
    return this.orgs.setReminderPolicy(p, id, dto);
  }

  /** The stages new cases of the organisation get: its own, else its policy profile's, else the default; with `source`. */
  @Get(':id/reminder-policy')
  @ApiParam({ name: 'id', format: 'uuid' })
  @Answers(OrganisationReminderPolicySchema)
  reminderPolicy(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.orgs.reminderPolicy(p, id);
  }

  /** Drops the organisation's own stages (its new cases follow the policy profile's, or the default). */
  @Delete(':id/reminder-policy')
  @ApiParam({ name: 'id', format: 'uuid' })
  @Answers(OrganisationReminderPolicySchema)
  @RequireRoles('system_admin')
  clearReminderPolicy(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.orgs.clearReminderPolicy(p, id);
  }

  /** The organisation's statement-and-defence period for new cases (issue 17 point 12); it overrides its profile's. */
  @Put(':id/defence-period')
  @RequireRoles('system_admin')
  @ApiOperation({ summary: "Set the organisation's statement-and-defence period for cases opened from now on (003 art.27; system admin)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @Answers(OrganisationDefencePeriodSchema)
  setDefencePeriod(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DefencePeriodDto) {
    return this.orgs.setDefencePeriod(p, id, dto);
  }

  /** The defence period new cases of the organisation get: its own, else its policy profile's setting, else the profile's default. */
  @Get(':id/defence-period')
  @ApiOperation({ summary: "The defence period the organisation's new cases open with, and where it comes from" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @Answers(OrganisationDefencePeriodSchema)
  defencePeriod(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.orgs.defencePeriod(p, id);
  }

  @Delete(':id/defence-period')
  @RequireRoles('system_admin')
  @ApiOperation({ summary: "Drop the organisation's own defence period (its new cases follow its policy profile's)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @Answers(OrganisationDefencePeriodSchema)
  clearDefencePeriod(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.orgs.clearDefencePeriod(p, id);
  }
}
