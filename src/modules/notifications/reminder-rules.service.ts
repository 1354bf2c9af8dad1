import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { Access, assertRole } from '../../common/auth/access';
import { AppException } from '../../common/errors/app.exception';
import { Database } from '../../database/database.service';
import { isMailTemplate } from '../../mail/mail-templates';
import { CreateReminderRuleDto, ReminderRuleResponse, UpdateReminderRuleDto } from './dto/reminder-rule.dto';
import { isUniqueViolation } from '../../database/sql-helpers';
import { RecipientRole, ReminderKind, ReminderRule } from './entities/reminder-rule.entity';
import { ADMIN_ROLES, COMMISSION_ROLES } from '../../common/auth/roles';

const toResponse = (r: ReminderRule): ReminderRuleResponse => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  name: r.name,
  offsets: r.offsets,
  repeatEveryDays: r.repeatEveryDays,
  escalateAfterDays: r.escalateAfterDays,
  recipients: r.recipients,
  escalationRecipients: r.escalationRecipients,
  threshold: r.threshold,
  template: r.template,
  mandatory: r.mandatory,
  enabled: r.enabled,
  version: r.version,
  updatedAt: r.updatedAt,
});

/** What a rule of its kind needs, beyond each field's own format (create and update alike). */
function assertCoherentRule(rule: Pick<ReminderRule, 'kind' | 'offsets' | 'threshold' | 'recipients'>): void {
  if (rule.kind !== 'score_drop' && rule.offsets.length === 0)
    throw AppException.badRequest('La regla necesita al menos un día (offsets).', [
      { field: 'offsets', messages: ['indique al menos un día'] },
    ]);
  if (rule.kind === 'stale_inventory' && (rule.offsets.length !== 1 || rule.offsets[0] < 1)) {
    throw AppException.badRequest(
      'La regla de trámites sin revisión necesita exactamente un número de días sin revisión (offsets), por ejemplo [180].',
      [{ field: 'offsets', messages: ['un único valor de 1 o más días'] }],
    );
  }
  if (rule.kind === 'score_drop' && rule.threshold === null)
    throw AppException.badRequest('La regla de caída de calificación necesita un umbral.', [
      { field: 'threshold', messages: ['indique los puntos de caída'] },
    ]);
  if (rule.recipients.length === 0)
    throw AppException.badRequest('La regla necesita al menos un tipo de destinatario.', [
      { field: 'recipients', messages: ['elija al menos un destinatario'] },
    ]);
}

/** The e-mail template of a kind's reminders (each kind has its own). */
export const templateOfKind = (kind: ReminderKind): string => `reminder-${kind.replace(/_/g, '-')}`;

/** Reminder rules as data: the Commission reads them, administrators edit them (audited, optimistic concurrency). */
@Injectable()
export class ReminderRulesService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor): Promise<ReminderRuleResponse[]> {
    assertRole(actor, COMMISSION_ROLES);
    const rules = await this.db.run(Access.self(actor, 'reminder-rules.list'), ({ em }) =>
      em.getRepository(ReminderRule).find({ order: { code: 'ASC' } }),
    );
    return rules.map(toResponse);
  }

  /** A new rule of a known kind (audited); its e-mail is the kind's template. A code already in use is a conflict. */
  async create(actor: Actor, dto: CreateReminderRuleDto): Promise<ReminderRuleResponse> {
    assertRole(actor, ADMIN_ROLES);
    const kind = dto.kind as ReminderKind;
    const rule = {
      code: dto.code,
      kind,
      name: dto.name.trim(),
      offsets: [...new Set(dto.offsets)].sort((a, b) => b - a),
      repeatEveryDays: dto.repeatEveryDays ?? null,
      escalateAfterDays: dto.escalateAfterDays ?? null,
      recipients: dto.recipients as RecipientRole[],
      escalationRecipients: (dto.escalationRecipients ?? []) as RecipientRole[],
      threshold: dto.threshold ?? null,
      template: templateOfKind(kind),
      mandatory: dto.mandatory ?? false,
      enabled: dto.enabled ?? true,
    };
    assertCoherentRule(rule);
    if (!isMailTemplate(rule.template)) throw AppException.badRequest(`La plantilla "${rule.template}" no existe.`);
    try {
      return await this.db.run(Access.administrative(actor, 'reminder rule create'), async (tx) => {
        const repo = tx.em.getRepository(ReminderRule);
        const saved = await repo.save(repo.create(rule));
        await tx.audit({ entity: 'reminder_rule', entityId: saved.id, action: 'create', after: saved });
        return toResponse(saved);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_reminder_rules_code')) {
        const message = `Ya existe una regla con el código ${dto.code}.`;
        throw AppException.conflict(message, [{ field: 'code', messages: ['ya existe una regla con este código'] }]);
      }
      throw e;
    }
  }

  async update(actor: Actor, id: string, dto: UpdateReminderRuleDto): Promise<ReminderRuleResponse> {
    assertRole(actor, ADMIN_ROLES);
    if (dto.template !== undefined && !isMailTemplate(dto.template))
      throw AppException.badRequest(`La plantilla "${dto.template}" no existe.`);
    const { version, recipients, escalationRecipients, ...rest } = dto;
    return this.db.run(Access.administrative(actor, 'reminder rule update'), async (tx) => {
      const { before, after } = await tx.updateVersioned(
        ReminderRule,
        id,
        version,
        {
          ...rest,
          recipients: recipients as RecipientRole[] | undefined,
          escalationRecipients: escalationRecipients as RecipientRole[] | undefined,
        },
        'La regla de recordatorio',
        assertCoherentRule,
      );
      await tx.audit({ entity: 'reminder_rule', entityId: id, action: 'update', before, after });
      return toResponse(after);
    });
  }
}
