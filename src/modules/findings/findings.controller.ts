import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { COMMISSION_ROLES } from '../../common/auth/roles';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { DismissFindingDto, FindingPage, FindingQuery, FindingResponse } from './dto/finding.dto';
import { FindingsService } from './findings.service';

@ApiTags('findings')
@ApiBearerAuth()
@Controller({ path: 'findings', version: '1' })
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Hallazgos que los datos revelan (prácticas prohibidas, requisitos sin base legal, niveles contradichos, plazos incumplidos, sin enlace activo)',
  })
  @ApiOkResponse({ type: FindingPage })
  list(@CurrentActor() actor: Actor, @Query() q: FindingQuery) {
    return this.findings.list(actor, q);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Descartar un hallazgo, con el motivo (queda en la auditoría; deja de restar puntos)' })
  @ApiOkResponse({ type: FindingResponse })
  dismiss(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: DismissFindingDto) {
    return this.findings.dismiss(actor, id, dto);
  }
}
