import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'hospa.officer' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username!: string;

  @ApiProperty({ example: 'Demo-Passw0rd!' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}
