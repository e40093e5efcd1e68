import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES } from './roles';

/** PATCH /users/:id: every field optional, at least one present. Takes effect on the user's next request. */
export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'false deactivates: the next request with any of the user’s tokens answers 401' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'the full new list (replaces the old one); may be empty' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;
}
