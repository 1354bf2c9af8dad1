import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/auth.decorators';
import { AuditService } from './audit.service';
import { AuditEventPage, AuditEventQuery } from './dto/audit-event.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller({ path: 'audit-events', version: '1' })
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Bitácora de auditoría (la institución propia; la Comisión, todas)' })
  @ApiOkResponse({ type: AuditEventPage })
  list(@CurrentActor() actor: Actor, @Query() query: AuditEventQuery) {
    return this.audit.list(actor, query);
  }
}
