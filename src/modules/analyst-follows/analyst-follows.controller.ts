import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { AnalystFollowsService } from './analyst-follows.service';
import { AnalystFollowPage, AnalystFollowQuery, AnalystFollowResponse, CreateAnalystFollowDto } from './dto/analyst-follow.dto';
import { COMMISSION_ROLES } from '../../common/auth/roles';

@ApiTags('analyst-follows')
@ApiBearerAuth()
@Controller({ path: 'analyst-follows', version: '1' })
export class AnalystFollowsController {
  constructor(private readonly follows: AnalystFollowsService) {}

  @Get()
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Analistas que dan seguimiento a instituciones (la Comisión; filtros por analista o institución)' })
  @ApiOkResponse({ type: AnalystFollowPage })
  list(@CurrentActor() actor: Actor, @Query() query: AnalystFollowQuery) {
    return this.follows.list(actor, query);
  }

  @Post()
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Dar seguimiento a una institución (idempotente: 201 si es nuevo, 200 con el existente)' })
  @ApiCreatedResponse({ type: AnalystFollowResponse })
  @ApiOkResponse({ type: AnalystFollowResponse, description: 'Ya le daba seguimiento' })
  async follow(@CurrentActor() actor: Actor, @Body() dto: CreateAnalystFollowDto, @Res({ passthrough: true }) res: Response) {
    const { follow, created } = await this.follows.follow(actor, dto);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return follow;
  }

  @Delete(':id')
  @Roles(COMMISSION_ROLES)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Dejar de dar seguimiento (un analista, el suyo; un administrador, cualquiera)' })
  @ApiNoContentResponse()
  async unfollow(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    await this.follows.unfollow(actor, id);
  }
}
