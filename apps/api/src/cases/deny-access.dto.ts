import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class DenyAccessDto {
  @ApiProperty({ example: '与被调查人存在师生关系' }) @IsString() @MinLength(2) @MaxLength(500) reason!: string;
}
