import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { EnumField, IntQueryField, PageField, PageSizeField, PatternField } from '../common/fields';
import { CurrentUser, type Principal } from '../auth/principal';
import { RequireRoles, RolesGuard } from '../users/roles';
import { NOTIFICATION_STATUSES, NotificationService } from './notification.service';
import { Answers, Refuses } from '../common/openapi';
import { NotificationPageSchema, NotificationRetrySchema } from '@libs/contract/src';

export class NotificationListQuery {
  @EnumField(
    NOTIFICATION_STATUSES,
    {
      description:
        'failed: the last attempt failed (nextAttemptAt set while the activity retries, null once given up); unknown: handed to the SMTP server by an attempt that died before the answer, not resent; ' +
        'skipped: a reminder or escalation whose deadline was met, closed, suspended or moved before it went out, never sent (skipReason says why)',
    },
    'status',
  )
  status?: string;

  @PatternField(
    /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|SC-[0-9]{4}-[0-9]{6})$/,
    'caseId must be a case id (UUID) or a case number (SC-YYYY-NNNNNN)',
    { description: 'case id (UUID) or case number; 404 when the case is not visible to you' },
  )
  caseId?: string;

  @PageField()
  page?: string;

  @PageSizeField(200, 50)
  pageSize?: string;
}

@ApiTags('notifications')
@ApiBearerAuth()
@UseGuards(RolesGuard)
@RequireRoles('integrity_admin', 'supervisor', 'system_admin')
@Controller('notifications')
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @Answers(NotificationPageSchema)
  @Refuses(404)
  @ApiOperation({
    summary: 'The e-mail outbox of your organisation subtree, newest first: delivery status, attempts, last error',
    description: "A reporter's address (and anything naming it) is masked for everyone but the case's handlers; their reads are audited.",
  })
  list(@CurrentUser() p: Principal, @Query() q: NotificationListQuery) {
    return this.notifications.list(p, q);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @RequireRoles('integrity_admin', 'system_admin')
  @ApiParam({ name: 'id', description: 'notification id (UUID)', format: 'uuid' })
  @Answers(NotificationRetrySchema)
  @Refuses(409)
  @ApiOperation({
    summary: 'Re-send a failed or unknown notification now (one attempt); integrity admins of the handling organisation or a system admin',
    description:
      "200 with the row's new status (sent, or failed with lastError). 400 for an id that is not a UUID, 404 for an unknown or invisible row, " +
      '409 when it is sent or being sent (nothing goes out twice), or skipped (a reminder no longer due). An unknown row may already have reached the recipient: re-sending it is your decision; ' +
      'it carries the same Message-ID.',
  })
  retry(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.notifications.retry(p, id);
  }
}
