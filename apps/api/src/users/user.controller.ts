import { Body, Controller, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { CreateUserDto } from './create-user.dto';
import { RequireRoles, RolesGuard } from './roles';
import { UpdateUserDto } from './update-user.dto';
import { UserService } from './user.service';
import { Answers, Refuses } from '../common/openapi';
import { UserViewSchema } from '@libs/contract/src';

@ApiTags('users')
@ApiBearerAuth()
@UseGuards(RolesGuard)
@Controller('users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Get()
  @RequireRoles('system_admin', 'integrity_admin')
  @ApiOperation({ summary: 'Accounts: a system_admin sees its subtree, an integrity_admin its own organisation' })
  @Answers([UserViewSchema])
  list(@CurrentUser() p: Principal) {
    return this.users.list(p);
  }

  @Get(':id')
  @RequireRoles('system_admin', 'integrity_admin')
  @Answers(UserViewSchema)
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.users.get(p, id);
  }

  @Post()
  @RequireRoles('system_admin')
  @ApiOperation({ summary: 'Create an account in an organisation of the caller’s subtree (409 when the username is taken)' })
  @Answers(UserViewSchema, { status: 201 })
  @Refuses(409)
  create(@CurrentUser() p: Principal, @Body() dto: CreateUserDto) {
    return this.users.create(p, dto);
  }

  @Patch(':id')
  @RequireRoles('system_admin')
  @ApiOperation({ summary: 'Activate/deactivate, replace roles, rename; takes effect on the user’s next request' })
  @Answers(UserViewSchema)
  @Refuses(409)
  update(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(p, id, dto);
  }
}
