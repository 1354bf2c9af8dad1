import { Module } from '@nestjs/common';
import { PartnerApiKeysController } from './partner-api-keys.controller';
import { PartnerApiKeysService } from './partner-api-keys.service';

@Module({
  controllers: [PartnerApiKeysController],
  providers: [PartnerApiKeysService],
  exports: [PartnerApiKeysService],
})
export class PartnerApiKeysModule {}
