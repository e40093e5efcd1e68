import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentUser, type Principal } from '../auth/principal';
import { JournalService } from './journal.service';

export class JournalLookupQuery {
  @ApiPropertyOptional({ example: '1234-5679' }) @IsOptional() @IsString() @MaxLength(9) issn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(2) @MaxLength(300) title?: string;
}

export class AddJournalDto {
  @ApiPropertyOptional({ example: '1234-5679' }) @IsOptional() @IsString() @MaxLength(9) issn?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) publisher?: string;
  @ApiProperty({ example: '中国科学院文献情报中心《国际期刊预警名单》2026' }) @IsString() @MinLength(1) @MaxLength(300) source!: string;
}

@ApiTags('warning-journals')
@ApiBearerAuth()
@Controller('warning-journals')
export class JournalController {
  constructor(private readonly journals: JournalService) {}

  @Get()
  lookup(@Query() q: JournalLookupQuery) {
    return this.journals.lookup(q);
  }

  @Post()
  add(@CurrentUser() p: Principal, @Body() dto: AddJournalDto) {
    return this.journals.add(p, dto);
  }

  @Delete(':journalId')
  @HttpCode(204)
  async remove(@CurrentUser() p: Principal, @Param('journalId', ParseUUIDPipe) id: string) {
    await this.journals.remove(p, id);
  }

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 2 * 1024 * 1024, files: 1 }, defParamCharset: 'utf8' }))
  import(@CurrentUser() p: Principal, @UploadedFile() file?: { buffer: Buffer; originalname: string }) {
    return this.journals.import(p, file);
  }
}
