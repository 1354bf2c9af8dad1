import { Injectable } from '@nestjs/common';
import { Access, assertInstitutionAccess, assertRole } from '../../common/auth/access';
import { Actor, isCommission } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { formatDateTimeGt } from '../../common/time/guatemala-time';
import { MailTemplate } from '../../mail/mail-templates';
import { MailService } from '../../mail/mail.service';
import { institutionPhrase, NamedInstitution } from '../../common/text/institution-name';
import { Institution } from '../institutions/entities/institution.entity';
import { isUniqueViolation } from '../../database/sql-helpers';
import { label } from '../../common/glossary/glossary';
import { InvitationAcceptedResponse, InviteUserDto, UpdateUserDto, UserQuery, UserResponse } from './dto/user.dto';
import { PinoLogger } from 'nestjs-pino';
import { User } from './entities/user.entity';
import { OneTimeTokensService } from './one-time-tokens.service';
import { UserSessions } from './user-sessions.service';
import { COMMISSION_ROLES, INSTITUTION_ROLES, USER_MANAGER_ROLES } from '../../common/auth/roles';
import { ACCOUNT_PATHS } from '../../common/http/page-links';
import { REVOKE_REFRESH_TOKENS_SQL } from './users.sql';

const ENTITY = 'user';

/** Who invites when the account belongs to no institution (Commission staff). */
/** The institution as the invitation names it in sentences: «enlace del Ministerio de Economía», «participar en la Comisión …». */
const invitationNames = (institution: NamedInstitution) => ({
  institutionName: institution.name,
  institutionOf: institutionPhrase(institution, 'de'),
  institutionIn: institutionPhrase(institution, 'en'),
});

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly tokens: OneTimeTokensService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly sessions: UserSessions,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(UsersService.name);
  }

  /** The Commission as invitations name it: its configured name (COMMISSION_NAME), «la Comisión …». */
  private commission(): NamedInstitution {
    return { name: this.config.site.commissionName, article: 'la' };
  }

  async me(actor: Actor): Promise<UserResponse> {
    return UserResponse.from(await this.db.run(Access.self(actor, 'users.me'), (tx) => tx.find(User, actor.userId!, 'El usuario')));
  }

  async list(actor: Actor, query: UserQuery): Promise<Page<UserResponse>> {
    if (query.institutionId) assertInstitutionAccess(actor, query.institutionId);
    return this.db.run(Access.forReading(actor, 'users.list'), async (tx) => {
      const institutionId = isCommission(actor) ? query.institutionId : tx.institutionId;
      const qb = tx.em.getRepository(User).createQueryBuilder('u').orderBy('u.name', 'ASC');
      if (institutionId) qb.andWhere('u.institution_id = :institutionId', { institutionId });
      if (query.role) qb.andWhere('u.role = :role', { role: query.role });
      if (query.status) qb.andWhere('u.status = :status', { status: query.status });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(UserResponse.from), total, query);
    });
  }

  async get(actor: Actor, id: string): Promise<UserResponse> {
    return UserResponse.from(await this.db.run(Access.forReading(actor, 'users.get'), (tx) => tx.find(User, id, 'El usuario')));
  }

  /**
   * Invites by e-mail: a single-use, expiring link to set the password. The answer is the same, in the same time,
   * whether or not the address already has an account anywhere (no account oracle): the caller's rights and the
   * institution are checked now; creating the account and e-mailing run once the answer has gone. An address that
   * already has an account gets a notice instead of a link, and no second account is created.
   */
  async invite(actor: Actor, dto: InviteUserDto): Promise<InvitationAcceptedResponse> {
    assertRole(actor, USER_MANAGER_ROLES);
    const institutionId = this.checkInvitation(actor, dto);
    let institution: NamedInstitution = this.commission();
    if (institutionId) {
      const found = await this.db.run(Access.self(actor, 'users.invite'), ({ em }) =>
        em.getRepository(Institution).findOne({ where: { id: institutionId, active: true } }),
      );
      if (!found) throw AppException.notFound('La institución');
      institution = { name: found.name, article: found.article };
    }
    setImmediate(() => {
      this.deliverInvitation(actor, dto, institutionId, institution).catch((e: unknown) =>
        this.logger.error({ err: e, requestId: actor.requestId }, 'invitation not delivered'),
      );
    });
    return {
      message: `Se envió una invitación a ${dto.email}. Si la dirección ya tiene una cuenta, su titular recibirá un aviso en lugar del enlace.`,
      email: dto.email,
    };
  }

  /** The deferred half of `invite`: the invited account and its link, or a notice to an existing account. */
  async deliverInvitation(actor: Actor, dto: InviteUserDto, institutionId: string | null, institution: NamedInstitution): Promise<void> {
    const names = invitationNames(institution);
    const ttlMs = this.config.auth.invitationTtlHours * 3600_000;
    // Institution administrators invite within their institution; Commission administrators in the administrative scope.
    const access =
      institutionId && !isCommission(actor)
        ? Access.institution(actor, institutionId, 'users.invite')
        : Access.administrative(actor, 'users.invite');
    const work = async (tx: UnitOfWork) => {
      const { em } = tx;
      const user = await em
        .getRepository(User)
        .save(em.getRepository(User).create({ email: dto.email, name: dto.name, role: dto.role, institutionId, status: 'invited' }));
      const token = await this.tokens.issue(em, user.id, 'invitation', ttlMs);
      await tx.audit({ institutionId, entity: ENTITY, entityId: user.id, action: 'invite', after: user });
      return token;
    };
    let token: string;
    try {
      token = await this.db.run(access, work);
    } catch (e) {
      if (!isUniqueViolation(e, 'UQ_users_email')) throw e;
      await this.mail.send(dto.email, MailTemplate.InvitationExistingAccount, {
        ...names,
        resetLink: `${this.config.http.publicUrl}${ACCOUNT_PATHS.resetPassword}`,
      });
      return;
    }
    await this.mail.send(dto.email, MailTemplate.Invitation, {
      name: dto.name,
      invitedBy: actor.userId ? await this.nameOf(actor) : 'La Comisión',
      roleLabel: label('role', dto.role),
      ...names,
      link: `${this.config.http.publicUrl}${ACCOUNT_PATHS.activate}?token=${encodeURIComponent(token)}`,
      expiresAt: formatDateTimeGt(new Date(Date.now() + ttlMs)),
    });
  }

  /**
   * Sends a new invitation link to a user who has not activated the account yet (the earlier link stops working),
   * audited. Institution administrators resend within their institution; an account already active or disabled is
   * refused (an active one resets its password instead).
   */
  async resendInvitation(actor: Actor, id: string): Promise<UserResponse> {
    assertRole(actor, USER_MANAGER_ROLES);
    const ttlMs = this.config.auth.invitationTtlHours * 3600_000;
    const access = isCommission(actor)
      ? Access.administrative(actor, 'users.resend-invitation')
      : Access.ownInstitution(actor, 'users.resend-invitation');
    const { user, token, named } = await this.db.run(access, async (tx) => {
      const found = await tx.findForWrite(User, id, 'El usuario');
      if (found.status !== 'invited')
        throw AppException.conflict(
          found.status === 'active'
            ? 'La cuenta ya está activa: su titular puede restablecer la contraseña desde la página de ingreso.'
            : 'La cuenta está desactivada; reactívela antes de invitar de nuevo.',
        );
      const institution = found.institutionId
        ? await tx.em.getRepository(Institution).findOne({ where: { id: found.institutionId } })
        : null;
      const issued = await this.tokens.issue(tx.em, found.id, 'invitation', ttlMs);
      await tx.audit({
        institutionId: found.institutionId,
        entity: ENTITY,
        entityId: found.id,
        action: 'resend_invitation',
        after: { email: found.email },
      });
      return {
        user: found,
        token: issued,
        named: institution ? { name: institution.name, article: institution.article } : this.commission(),
      };
    });
    await this.mail.send(user.email, MailTemplate.Invitation, {
      name: user.name,
      invitedBy: await this.nameOf(actor),
      roleLabel: label('role', user.role),
      ...invitationNames(named),
      link: `${this.config.http.publicUrl}${ACCOUNT_PATHS.activate}?token=${encodeURIComponent(token)}`,
      expiresAt: formatDateTimeGt(new Date(Date.now() + ttlMs)),
    });
    return UserResponse.from(user);
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    assertRole(actor, USER_MANAGER_ROLES);
    const { version, ...changes } = dto;
    // Commission administrators edit any user in the administrative scope; institution administrators their institution's.
    const access = isCommission(actor) ? Access.administrative(actor, 'users.update') : Access.ownInstitution(actor, 'users.update');
    const { response, sessionChanged } = await this.db.run(access, async (tx) => {
      const { before, after } = await tx.updateVersioned(User, id, version, changes, 'El usuario');
      const allowed = after.institutionId ? INSTITUTION_ROLES : COMMISSION_ROLES;
      if (!allowed.includes(after.role)) {
        throw AppException.badRequest(
          `El rol ${after.role} no corresponde a ${after.institutionId ? 'un usuario institucional' : 'un usuario de la Comisión'}.`,
          { field: 'role' },
        );
      }
      if (after.id === actor.userId && (after.status === 'disabled' || after.role !== before.role)) {
        throw AppException.badRequest('No puede desactivarse ni cambiar su propio rol.');
      }
      if (after.status === 'disabled') {
        await tx.em.query(REVOKE_REFRESH_TOKENS_SQL, [id]);
      }
      // A new role, institution or status takes effect at once: the user's earlier access tokens stop working.
      const sessionChanged = before.role !== after.role || before.status !== after.status || before.institutionId !== after.institutionId;
      if (sessionChanged) await this.sessions.bump(tx.em, id);
      await tx.audit({ institutionId: after.institutionId, entity: ENTITY, entityId: id, action: 'update', before, after });
      return { response: UserResponse.from(after), sessionChanged };
    });
    if (sessionChanged) await this.sessions.revoke(id);
    return response;
  }

  /** Which institution the invitee joins, after checking the inviter may create that role there. */
  private checkInvitation(actor: Actor, dto: InviteUserDto): string | null {
    const institutional = INSTITUTION_ROLES.includes(dto.role);
    if (actor.role === 'institution_admin') {
      if (!institutional)
        throw AppException.forbidden('Un administrador institucional solo puede invitar enlaces o administradores de su institución.');
      if (dto.institutionId && dto.institutionId !== actor.institutionId) throw AppException.notFound('La institución');
      return actor.institutionId;
    }
    if (institutional && !dto.institutionId) {
      throw AppException.badRequest('Indique la institución (institutionId) del enlace o administrador institucional.', [
        { field: 'institutionId', messages: ['es obligatorio para este rol'] },
      ]);
    }
    if (!institutional && dto.institutionId) {
      throw AppException.badRequest('Los usuarios de la Comisión no pertenecen a una institución; omita institutionId.', [
        { field: 'institutionId', messages: ['debe omitirse para este rol'] },
      ]);
    }
    return dto.institutionId ?? null;
  }

  private async nameOf(actor: Actor): Promise<string> {
    const me = await this.db.run(Access.self(actor, 'users.invite'), (tx) =>
      tx.em.getRepository(User).findOne({ where: { id: actor.userId! } }),
    );
    return me?.name ?? 'La Comisión';
  }
}
