export const ROLES = ['liaison', 'institution_admin', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may do what, named once. Every `@Roles(...)` on a route and every `requireRole(...)` in a service names one of
 * these lists, so the guard and the service never disagree.
 */
/** Anyone signed in with a role (not a partner key, not the public). */
export const ANY_ROLE: readonly Role[] = ROLES;
/** Roles bound to one institution (liaisons and institution administrators). */
export const INSTITUTION_ROLES: readonly Role[] = ['liaison', 'institution_admin'];
/** Commission staff, who read every institution. */
export const COMMISSION_ROLES: readonly Role[] = ['analyst', 'admin'];
/** Commission administrators only. */
export const ADMIN_ROLES: readonly Role[] = ['admin'];
/** Who invites and edits users: administrators, and institution administrators within their institution. */
export const USER_MANAGER_ROLES: readonly Role[] = ['institution_admin', 'admin'];
/** Who reads the reminders outbox: institution administrators (their institution) and Commission staff. */
export const OUTBOX_READER_ROLES: readonly Role[] = ['institution_admin', 'analyst', 'admin'];

/** Who answers a citizen's report (denuncia) for the institution reported. */
export const CITIZEN_REPORT_ANSWER_ROLES: readonly Role[] = INSTITUTION_ROLES;
/** Who rules on a citizen's report (founded or unfounded): the Commission. */
export const CITIZEN_REPORT_RULING_ROLES: readonly Role[] = COMMISSION_ROLES;
