import { Module } from '@nestjs/common';
import { ArchiveController, ArchiveExportController } from './archive.controller';
import { ArchiveService } from './archive.service';
import { NoticeController, NoticeExportController, PublicNoticeController } from './notice.controller';
import { NoticeService } from './notice.service';

/** Integrity archives and public notices (issue 22 points 3 and 6). */
@Module({
  controllers: [ArchiveExportController, ArchiveController, NoticeExportController, NoticeController, PublicNoticeController],
  providers: [ArchiveService, NoticeService],
})
export class ArchiveModule {}
