import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { CreateReminderRuleDto, ReminderRuleResponse, UpdateReminderRuleDto } from './dto/reminder-rule.dto';
import { ReminderRulesService } from './reminder-rules.service';
import { ADMIN_ROLES, COMMISSION_ROLES } from '../../common/auth/roles';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller({ path: 'reminder-rules', version: '1' })
export class ReminderRulesController {
  constructor(private readonly rules: ReminderRulesService) {}

  @Get()
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Reglas de recordatorio (plazos, destinatarios, plantillas)' })
  @ApiOkResponse({ type: [ReminderRuleResponse] })
  list(@CurrentActor() actor: Actor) {
    return this.rules.list(actor);
  }

  @Post()
  @Roles(ADMIN_ROLES)
  @ApiOperation({ summary: 'Crear una regla de recordatorio de un tipo existente (administradores)' })
  @ApiCreatedResponse({ type: ReminderRuleResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReminderRuleDto) {
    return this.rules.create(actor, dto);
  }

  @Patch(':id')
  @Roles(ADMIN_ROLES)
  @ApiOperation({ summary: 'Modificar una regla de recordatorio (administradores; requiere la versión leída)' })
  @ApiOkResponse({ type: ReminderRuleResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateReminderRuleDto) {
    return this.rules.update(actor, id, dto);
  }
}
