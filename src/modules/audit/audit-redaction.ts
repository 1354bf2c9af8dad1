import { Role } from '../../common/auth/roles';
import { AuditEventResponse } from './dto/audit-event.dto';

/**
 * Personal data recorded in audit snapshots, and the roles that may read it. Everyone else reads «[reservado]»:
 * login addresses are for the Commission's administrators (security); e-mail addresses for those who manage users.
 */
const PERSONAL_FIELDS: Record<string, readonly Role[]> = {
  ip: ['admin'],
  email: ['admin', 'analyst', 'institution_admin'],
  recipientEmail: ['admin', 'analyst', 'institution_admin'],
};

export const REDACTED = '[reservado]';

function redact(value: unknown, role: Role | null): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, role));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const allowed = PERSONAL_FIELDS[k];
      return [k, allowed && v !== null && !(role && allowed.includes(role)) ? REDACTED : redact(v, role)];
    }),
  );
}

/** An audit event as this role may read it. */
export function redactAuditEvent(event: AuditEventResponse, role: Role | null): AuditEventResponse {
  if (role === 'admin') return event;
  return {
    ...event,
    before: redact(event.before, role) as AuditEventResponse['before'],
    after: redact(event.after, role) as AuditEventResponse['after'],
  };
}
