import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../common/auth/auth.decorators';
import { ErrorBody } from '../../common/errors/error-body';
import { AuthService, ClientInfo } from './auth.service';
import {
  AcceptedResponse,
  AcceptInvitationDto,
  ConfirmPasswordResetDto,
  LoginDto,
  RefreshDto,
  RequestPasswordResetDto,
  TokenPairResponse,
} from './dto/auth.dto';

const clientOf = (req: Request): ClientInfo => ({ ip: req.ip ?? 'unknown', requestId: String(req.id ?? '') });

@ApiTags('auth')
@Public()
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Iniciar sesión: token de acceso (15 min) y token de renovación' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Límite por cuenta o por IP; ver Retry-After' })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.email, dto.password, clientOf(req));
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Renovar la sesión (el token de renovación se rota en cada uso)' })
  @ApiOkResponse({ type: TokenPairResponse })
  refresh(@Body() dto: RefreshDto, @Req() req: Request) {
    return this.auth.refresh(dto.refreshToken, clientOf(req));
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Cerrar la sesión (revoca la familia del token de renovación)' })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshDto, @Req() req: Request) {
    await this.auth.logout(dto.refreshToken, clientOf(req));
  }

  @Post('invitations/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Aceptar una invitación definiendo la contraseña' })
  @ApiOkResponse({ type: TokenPairResponse })
  accept(@Body() dto: AcceptInvitationDto, @Req() req: Request) {
    return this.auth.acceptInvitation(dto.token, dto.password, clientOf(req));
  }

  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Pedir un enlace para restablecer la contraseña' })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  async requestReset(@Body() dto: RequestPasswordResetDto, @Req() req: Request): Promise<AcceptedResponse> {
    await this.auth.requestPasswordReset(dto.email, clientOf(req));
    return { message: 'Si el correo corresponde a una cuenta activa, recibirá un enlace para restablecer la contraseña.' };
  }

  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Definir una nueva contraseña con el enlace recibido' })
  @ApiNoContentResponse()
  async confirmReset(@Body() dto: ConfirmPasswordResetDto, @Req() req: Request) {
    await this.auth.confirmPasswordReset(dto.token, dto.password, clientOf(req));
  }
}
