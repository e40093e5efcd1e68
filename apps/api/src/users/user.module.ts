import { Module } from '@nestjs/common';
import { UserController } from './user.controller';
import { UserService } from './user.service';

/** Accounts (RULES.md §1). OrgScope comes from the global AuthModule. */
@Module({ controllers: [UserController], providers: [UserService] })
export class UserModule {}
