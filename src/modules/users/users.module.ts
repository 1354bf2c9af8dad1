import { Module } from '@nestjs/common';
import { OneTimeTokensService } from './one-time-tokens.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, OneTimeTokensService],
  exports: [UsersService, OneTimeTokensService],
})
export class UsersModule {}
