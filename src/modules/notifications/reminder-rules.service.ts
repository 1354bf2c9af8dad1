import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { Access, assertRole } from '../../common/auth/access';
import { AppException } from '../../common/errors/app.exception';
import { Database } from '../../database/database.service';
import { isMailTemplate } from '../../mail/mail-templates';
import { ReminderRuleResponse, UpdateReminderRuleDto } from './dto/reminder-rule.dto';
import { RecipientRole, ReminderRule } from './entities/reminder-rule.entity';
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
        (merged) => {
          if (merged.kind !== 'score_drop' && merged.offsets.length === 0)
            throw AppException.badRequest('La regla necesita al menos un día (offsets).');
          if (merged.kind === 'stale_inventory' && (merged.offsets.length !== 1 || merged.offsets[0] < 1)) {
            throw AppException.badRequest(
              'La regla de trámites sin revisión necesita exactamente un número de días sin revisión (offsets), por ejemplo [180].',
              [{ field: 'offsets', messages: ['un único valor de 1 o más días'] }],
            );
          }
          if (merged.kind === 'score_drop' && merged.threshold === null)
            throw AppException.badRequest('La regla de caída de calificación necesita un umbral.');
          if (merged.recipients.length === 0) throw AppException.badRequest('La regla necesita al menos un tipo de destinatario.');
        },
      );
      await tx.audit({ entity: 'reminder_rule', entityId: id, action: 'update', before, after });
      return toResponse(after);
    });
  }
}
