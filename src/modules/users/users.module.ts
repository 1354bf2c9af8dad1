import { Module } from '@nestjs/common';
import { OneTimeTokensService } from './one-time-tokens.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { UserSessions } from './user-sessions.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, OneTimeTokensService, UserSessions],
  exports: [UsersService, OneTimeTokensService, UserSessions],
})
export class UsersModule {}
