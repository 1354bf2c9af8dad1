import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { CreatedPartnerApiKeyResponse, CreatePartnerApiKeyDto, PartnerApiKeyResponse } from './dto/partner-api-key.dto';
import { PublicKeyUsage } from './dto/public-key-usage';
import { PartnerApiKeysService } from './partner-api-keys.service';
import { ADMIN_ROLES } from '../../common/auth/roles';

@ApiTags('partner-api-keys')
@ApiBearerAuth()
@Roles(ADMIN_ROLES)
@Controller({ path: 'partner-api-keys', version: '1' })
export class PartnerApiKeysController {
  constructor(private readonly keys: PartnerApiKeysService) {}

  @Get()
  @ApiOperation({ summary: 'Llaves de socios (sin el secreto)' })
  @ApiOkResponse({ type: [PartnerApiKeyResponse] })
  list(@CurrentActor() actor: Actor) {
    return this.keys.list(actor);
  }

  @Post()
  @ApiOperation({ summary: 'Crear una llave de socio; el secreto se muestra una sola vez' })
  @ApiCreatedResponse({ type: CreatedPartnerApiKeyResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePartnerApiKeyDto) {
    return this.keys.create(actor, dto);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revocar una llave' })
  @ApiOkResponse({ type: PartnerApiKeyResponse })
  revoke(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.keys.revoke(actor, id);
  }

  @Get(':id/usage')
  @ApiOperation({ summary: 'Uso de la API pública con una llave: solicitudes por día (últimos 30 días)' })
  @ApiOkResponse({ type: PublicKeyUsage })
  usage(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.keys.usage(actor, id);
  }
}
