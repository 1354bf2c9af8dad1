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
import { Institution } from '../institutions/entities/institution.entity';
import { isUniqueViolation } from '../../database/sql-helpers';
import { label } from '../../common/glossary/glossary';
import { InviteUserDto, UpdateUserDto, UserQuery, UserResponse } from './dto/user.dto';
import { User } from './entities/user.entity';
import { OneTimeTokensService } from './one-time-tokens.service';
import { COMMISSION_ROLES, INSTITUTION_ROLES, USER_MANAGER_ROLES } from '../../common/auth/roles';

const ENTITY = 'user';

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly tokens: OneTimeTokensService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

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

  /** Creates an invited user and e-mails a single-use, expiring link to set the password. */
  async invite(actor: Actor, dto: InviteUserDto): Promise<UserResponse> {
    assertRole(actor, USER_MANAGER_ROLES);
    const institutionId = this.checkInvitation(actor, dto);
    const ttlMs = this.config.auth.invitationTtlHours * 3600_000;
    // Institution administrators invite within their institution; Commission administrators in the administrative scope.
    const access = institutionId && !isCommission(actor) ? Access.institution(actor, institutionId, 'users.invite') : Access.administrative(actor, 'users.invite');
    const work = async (tx: UnitOfWork) => {
      const { em } = tx;
      let institution: Institution | null = null;
      if (institutionId) {
        institution = await em.getRepository(Institution).findOne({ where: { id: institutionId, active: true } });
        if (!institution) throw AppException.notFound('La institución');
      }
      const user = await em.getRepository(User).save(
        em.getRepository(User).create({ email: dto.email, name: dto.name, role: dto.role, institutionId, status: 'invited' }),
      );
      const token = await this.tokens.issue(em, user.id, 'invitation', ttlMs);
      await tx.audit({ institutionId, entity: ENTITY, entityId: user.id, action: 'invite', after: user });
      return { user, token, institutionName: institution?.name ?? 'la Comisión Presidencial de Gobierno Abierto y Electrónico' };
    };
    let result: Awaited<ReturnType<typeof work>>;
    try {
      result = await this.db.run(access, work);
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_users_email')) throw AppException.conflict(`Ya existe un usuario con el correo ${dto.email}.`, { field: 'email' });
      throw e;
    }
    await this.mail.send(dto.email, MailTemplate.Invitation, {
      name: dto.name,
      invitedBy: actor.userId ? await this.nameOf(actor) : 'La Comisión',
      roleLabel: label('role', dto.role),
      institutionName: result.institutionName,
      link: `${this.config.http.publicUrl}/activar-cuenta?token=${encodeURIComponent(result.token)}`,
      expiresAt: formatDateTimeGt(new Date(Date.now() + ttlMs)),
    });
    return UserResponse.from(result.user);
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    assertRole(actor, USER_MANAGER_ROLES);
    const { version, ...changes } = dto;
    // Commission administrators edit any user in the administrative scope; institution administrators their institution's.
    const access = isCommission(actor) ? Access.administrative(actor, 'users.update') : Access.ownInstitution(actor, 'users.update');
    return this.db.run(access, async (tx) => {
      const { before, after } = await tx.updateVersioned(User, id, version, changes, 'El usuario');
      const allowed = after.institutionId ? INSTITUTION_ROLES : COMMISSION_ROLES;
      if (!allowed.includes(after.role)) {
        throw AppException.badRequest(`El rol ${after.role} no corresponde a ${after.institutionId ? 'un usuario institucional' : 'un usuario de la Comisión'}.`, { field: 'role' });
      }
      if (after.id === actor.userId && (after.status === 'disabled' || after.role !== before.role)) {
        throw AppException.badRequest('No puede desactivarse ni cambiar su propio rol.');
      }
      if (after.status === 'disabled') {
        await tx.em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
      }
      await tx.audit({ institutionId: after.institutionId, entity: ENTITY, entityId: id, action: 'update', before, after });
      return UserResponse.from(after);
    });
  }

  /** Which institution the invitee joins, after checking the inviter may create that role there. */
  private checkInvitation(actor: Actor, dto: InviteUserDto): string | null {
    const institutional = INSTITUTION_ROLES.includes(dto.role);
    if (actor.role === 'institution_admin') {
      if (!institutional) throw AppException.forbidden('Un administrador institucional solo puede invitar enlaces o administradores de su institución.');
      if (dto.institutionId && dto.institutionId !== actor.institutionId) throw AppException.notFound('La institución');
      return actor.institutionId;
    }
    if (institutional && !dto.institutionId) {
      throw AppException.badRequest('Indique la institución (institutionId) del enlace o administrador institucional.', [{ field: 'institutionId', messages: ['es obligatorio para este rol'] }]);
    }
    if (!institutional && dto.institutionId) {
      throw AppException.badRequest('Los usuarios de la Comisión no pertenecen a una institución; omita institutionId.', [{ field: 'institutionId', messages: ['debe omitirse para este rol'] }]);
    }
    return dto.institutionId ?? null;
  }

  private async nameOf(actor: Actor): Promise<string> {
    const me = await this.db.run(Access.self(actor, 'users.invite'), (tx) => tx.em.getRepository(User).findOne({ where: { id: actor.userId! } }));
    return me?.name ?? 'La Comisión';
  }
}
