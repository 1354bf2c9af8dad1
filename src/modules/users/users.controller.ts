import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { InvitationAcceptedResponse, InviteUserDto, UpdateUserDto, UserPage, UserQuery, UserResponse } from './dto/user.dto';
import { UsersService } from './users.service';
import { USER_MANAGER_ROLES } from '../../common/auth/roles';

@ApiTags('users')
@ApiBearerAuth()
@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: 'Mi perfil' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentActor() actor: Actor) {
    return this.users.me(actor);
  }

  @Get()
  @ApiOperation({ summary: 'Usuarios (de la institución propia; la Comisión, todos)' })
  @ApiOkResponse({ type: UserPage })
  list(@CurrentActor() actor: Actor, @Query() query: UserQuery) {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Un usuario' })
  @ApiOkResponse({ type: UserResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.users.get(actor, id);
  }

  @Post('invitations')
  @Roles(USER_MANAGER_ROLES)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Invitar a un usuario por correo (enlace de un solo uso, con vencimiento)',
    description:
      'Responde igual exista o no una cuenta con ese correo; la cuenta invitada aparece en GET /users?status=invited en cuanto se crea. Una dirección que ya tiene cuenta recibe un aviso, no un enlace.',
  })
  @ApiAcceptedResponse({ type: InvitationAcceptedResponse })
  invite(@CurrentActor() actor: Actor, @Body() dto: InviteUserDto) {
    return this.users.invite(actor, dto);
  }

  @Post(':id/invitation')
  @Roles(USER_MANAGER_ROLES)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reenviar la invitación a una cuenta aún no activada (el enlace anterior deja de servir)' })
  @ApiOkResponse({ type: UserResponse })
  resendInvitation(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.users.resendInvitation(actor, id);
  }

  @Patch(':id')
  @Roles(USER_MANAGER_ROLES)
  @ApiOperation({ summary: 'Modificar nombre, rol o estado de un usuario' })
  @ApiOkResponse({ type: UserResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
