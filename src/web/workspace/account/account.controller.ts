import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../common/auth/auth.decorators';
import { ACCOUNT_PATHS } from '../../../common/http/page-links';
import { AuthService, ClientInfo } from '../../../modules/auth/auth.service';
import { LoginDto, PASSWORD_MIN, RequestPasswordResetDto } from '../../../modules/auth/dto/auth.dto';
import { errorList, FieldErrors, textField } from '../../forms/form-fields';
import { readForm, refusalOf } from '../forms';
import { PageSessions } from '../session/page-session';
import { AnonymousPage, safeReturnPath, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { ChangePasswordForm, confirmProblem, NewPasswordForm } from './account.forms';
import { AccountPages } from './account.pages';

const clientOf = (req: Request): ClientInfo => ({ ip: req.ip ?? 'unknown', requestId: String(req.id ?? '') });

const POLICY_HINT = `Al menos ${PASSWORD_MIN} caracteres, con varios caracteres distintos y sin su correo electrónico. Una frase larga y fácil de recordar es una buena contraseña.`;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Accounts and sessions of the workspace: sign-in, activation from the invitation, password reset (request and
 * confirm), sign-out and "change my password". Each handler reads the form with the API's DTO, calls the same
 * AuthService as the API (its limits, policy and audit), and renders the form again with the messages beside the
 * fields when the service refuses.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app')
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: PageSessions,
    private readonly pages: WorkspaceResponder,
    private readonly account: AccountPages,
  ) {}

  // ---- Sign-in -------------------------------------------------------------------------------------------------

  @Get('ingresar')
  @AnonymousPage()
  signInPage(@Req() req: Request, @Res() res: Response, @Query('volver') volver?: string): void {
    if (req.actor?.userId) return this.pages.redirect(res, safeReturnPath(volver) ?? '/app');
    this.renderSignIn(req, res, { email: '' }, {}, null, safeReturnPath(volver));
  }

  @Post('ingresar')
  @AnonymousPage()
  async signIn(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const back = safeReturnPath(body.volver);
    const form = readForm(LoginDto, body, ['email', 'password']);
    if (!form.dto) return this.renderSignIn(req, res, form.values, form.errors, null, back, HttpStatus.BAD_REQUEST);
    try {
      const user = await this.auth.authenticate(form.dto.email, form.dto.password, clientOf(req));
      await this.sessions.signIn(req, user, await this.account.institutionName(user));
      this.pages.redirect(res, back ?? '/app');
    } catch (e) {
      const r = refusalOf(e);
      this.renderSignIn(req, res, form.values, r.errors, r.summary, back, r.status);
    }
  }

  private renderSignIn(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    back: string | null,
    status = 200,
  ): void {
    const fields = [
      textField('email', 'Correo electrónico', values.email, errors, { type: 'email', hint: 'El correo al que llegó su invitación.' }),
      textField('password', 'Contraseña', '', errors, { type: 'password' }),
    ];
    this.pages.html(
      req,
      res,
      'workspace/account/sign-in',
      { fields, errors: errorList(fields), summary, back, paths: ACCOUNT_PATHS },
      { title: 'Ingresar', section: null },
      status,
    );
  }

  // ---- Sign-out ------------------------------------------------------------------------------------------------

  @Post('salir')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.auth.endAllSessions(req.actor!, 'logout', clientOf(req));
    await this.sessions.reset(req, 'Cerró su sesión en todos sus dispositivos.');
    this.pages.redirect(res, ACCOUNT_PATHS.signIn);
  }

  // ---- Activation (the invitation's link) ----------------------------------------------------------------------

  @Get('activar-cuenta')
  @AnonymousPage()
  async activatePage(@Req() req: Request, @Res() res: Response, @Query('token') token?: string): Promise<void> {
    const invitee = token ? await this.auth.invitee(str(token), clientOf(req)) : null;
    this.renderActivate(req, res, str(token), invitee, {}, null);
  }

  @Post('activar-cuenta')
  @AnonymousPage()
  async activate(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const token = str(body.token);
    const form = readForm(NewPasswordForm, body, ['password', 'passwordConfirm']);
    const mismatch = form.dto ? confirmProblem(form.dto) : null;
    if (!form.dto || mismatch) {
      const invitee = await this.auth.invitee(token, clientOf(req));
      return this.renderActivate(
        req,
        res,
        token,
        invitee,
        mismatch ? { passwordConfirm: mismatch } : form.errors,
        null,
        HttpStatus.BAD_REQUEST,
      );
    }
    try {
      const user = await this.auth.activate(token, form.dto.password, clientOf(req));
      await this.sessions.signIn(req, user, await this.account.institutionName(user), 'Su cuenta está activa. Bienvenido(a) a Simplifica.');
      this.pages.redirect(res, '/app');
    } catch (e) {
      const r = refusalOf(e);
      const invitee = await this.auth.invitee(token, clientOf(req)).catch(() => null);
      this.renderActivate(req, res, token, invitee, r.errors, r.summary, r.status);
    }
  }

  private renderActivate(
    req: Request,
    res: Response,
    token: string,
    invitee: { email: string; name: string } | null,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const fields = this.newPasswordFields(errors);
    this.pages.html(
      req,
      res,
      'workspace/account/activate',
      {
        token,
        invitee,
        fields,
        errors: errorList(fields),
        summary,
        signedIn: !!req.actor?.userId,
        paths: ACCOUNT_PATHS,
      },
      { title: 'Activar su cuenta', section: null },
      status,
    );
  }

  // ---- Password reset ------------------------------------------------------------------------------------------

  @Get('restablecer-contrasena')
  @AnonymousPage()
  resetPage(@Req() req: Request, @Res() res: Response, @Query('token') token?: string): void {
    if (token) return this.renderResetConfirm(req, res, str(token), {}, null);
    this.renderResetRequest(req, res, '', {}, null);
  }

  @Post('restablecer-contrasena')
  @AnonymousPage()
  async requestReset(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const form = readForm(RequestPasswordResetDto, body, ['email']);
    if (!form.dto) return this.renderResetRequest(req, res, form.values.email, form.errors, null, HttpStatus.BAD_REQUEST);
    try {
      await this.auth.requestPasswordReset(form.dto.email, clientOf(req));
    } catch (e) {
      const r = refusalOf(e);
      return this.renderResetRequest(req, res, form.values.email, r.errors, r.summary, r.status);
    }
    this.pages.html(
      req,
      res,
      'workspace/account/reset-sent',
      { email: form.dto.email, paths: ACCOUNT_PATHS },
      { title: 'Revise su correo', section: null },
    );
  }

  @Post('restablecer-contrasena/confirmar')
  @AnonymousPage()
  async confirmReset(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const token = str(body.token);
    const form = readForm(NewPasswordForm, body, ['password', 'passwordConfirm']);
    const mismatch = form.dto ? confirmProblem(form.dto) : null;
    if (!form.dto || mismatch)
      return this.renderResetConfirm(req, res, token, mismatch ? { passwordConfirm: mismatch } : form.errors, null, HttpStatus.BAD_REQUEST);
    try {
      await this.auth.confirmPasswordReset(token, form.dto.password, clientOf(req));
    } catch (e) {
      const r = refusalOf(e);
      return this.renderResetConfirm(req, res, token, r.errors, r.summary, r.status);
    }
    await this.sessions.reset(req, 'Su contraseña cambió y se cerraron todas sus sesiones. Ingrese con la nueva contraseña.');
    this.pages.redirect(res, ACCOUNT_PATHS.signIn);
  }

  private renderResetRequest(
    req: Request,
    res: Response,
    email: string | undefined,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const fields = [
      textField('email', 'Correo electrónico', email, errors, { type: 'email', hint: 'El correo de su cuenta en Simplifica.' }),
    ];
    this.pages.html(
      req,
      res,
      'workspace/account/reset-request',
      { fields, errors: errorList(fields), summary, paths: ACCOUNT_PATHS },
      { title: 'Restablecer la contraseña', section: null },
      status,
    );
  }

  private renderResetConfirm(req: Request, res: Response, token: string, errors: FieldErrors, summary: string | null, status = 200): void {
    const fields = this.newPasswordFields(errors);
    this.pages.html(
      req,
      res,
      'workspace/account/reset-confirm',
      { token, fields, errors: errorList(fields), summary, paths: ACCOUNT_PATHS },
      { title: 'Elegir una nueva contraseña', section: null },
      status,
    );
  }

  // ---- Change my password --------------------------------------------------------------------------------------

  @Get('cuenta/contrasena')
  changePasswordPage(@Req() req: Request, @Res() res: Response): void {
    this.renderChangePassword(req, res, {}, null);
  }

  @Post('cuenta/contrasena')
  async changePassword(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const form = readForm(ChangePasswordForm, body, ['currentPassword', 'password', 'passwordConfirm']);
    const mismatch = form.dto ? confirmProblem(form.dto) : null;
    if (!form.dto || mismatch)
      return this.renderChangePassword(req, res, mismatch ? { passwordConfirm: mismatch } : form.errors, null, HttpStatus.BAD_REQUEST);
    try {
      const user = await this.auth.changePassword(req.actor!, form.dto.currentPassword, form.dto.password, clientOf(req));
      await this.sessions.signIn(
        req,
        user,
        req.session.institutionName ?? null,
        'Su contraseña cambió. Se cerraron sus sesiones en otros navegadores y dispositivos.',
      );
      this.pages.redirect(res, '/app');
    } catch (e) {
      const r = refusalOf(e);
      this.renderChangePassword(req, res, r.errors, r.summary, r.status);
    }
  }

  private renderChangePassword(req: Request, res: Response, errors: FieldErrors, summary: string | null, status = 200): void {
    const fields = [textField('currentPassword', 'Contraseña actual', '', errors, { type: 'password' }), ...this.newPasswordFields(errors)];
    this.pages.html(
      req,
      res,
      'workspace/account/change-password',
      { fields, errors: errorList(fields), summary },
      { title: 'Cambiar mi contraseña', section: 'cuenta' },
      status,
    );
  }

  /** Passwords are never sent back to the browser: the fields are empty again after a refusal. */
  private newPasswordFields(errors: FieldErrors) {
    return [
      textField('password', 'Nueva contraseña', '', errors, { type: 'password', hint: POLICY_HINT }),
      textField('passwordConfirm', 'Repita la nueva contraseña', '', errors, { type: 'password' }),
    ];
  }
}
