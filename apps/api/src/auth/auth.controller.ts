import { Body, Controller, Get, HttpCode, Post, UnauthorizedException, UseGuards } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { verifyPassword } from '@libs/security/src';
import { LoginDto } from './login.dto';
import { loginCandidate } from '@libs/persistence/src/users';
import { CurrentUser, Public, type Principal } from './principal';
import { Answers, Refuses } from '../common/openapi';
import { LoginResultSchema, MeSchema } from '@libs/contract/src';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
  ) {}

  /** Rate-limited per account and per client address (LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_ADDRESS, per minute). */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @Answers(LoginResultSchema)
  @Refuses(401)
  async login(@Body() dto: LoginDto): Promise<{ accessToken: string; tokenType: 'Bearer' }> {
    const u = await loginCandidate(this.ds, dto.username);
    // Same answer for an unknown user, a wrong password and an inactive account.
    if (!u || !u.active || !(await verifyPassword(dto.password, u.password_hash))) {
      throw new UnauthorizedException('unknown username or wrong password');
    }
    return { accessToken: await this.jwt.signAsync({ sub: u.id }), tokenType: 'Bearer' };
  }

  @ApiBearerAuth()
  @Get('me')
  @Answers(MeSchema)
  me(@CurrentUser() p: Principal) {
    return {
      id: p.userId,
      username: p.username,
      name: p.name,
      roles: p.roles,
      organisation: { id: p.orgId, name: p.orgName, path: p.orgPath },
    };
  }
}
