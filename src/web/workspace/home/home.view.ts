import { label, labelCap } from '../../../common/glossary/glossary';
import { OVERDUE_KINDS } from '../../../modules/commission-desk/desk-rules';
import type { DeskService } from '../../../modules/commission-desk/desk.service';
import type { InstitutionResponse } from '../../../modules/institutions/dto/institution.dto';
import type { AssessmentResponse } from '../../../modules/inventory/maturity/dto/maturity-assessment.dto';
import type { MilestoneResponse } from '../../../modules/inventory/plans/dto/milestone.dto';
import type { NotificationResponse } from '../../../modules/notifications/dto/notification.dto';
import type { PublicReportSituation } from '../../../modules/public-api/dto/public-response.dto';
import type { ImprovementActionsResponse } from '../../../modules/scoring/dto/scoring.dto';
import { format } from '../../../common/views/handlebars-setup';

/** "Due soon" on the home page: within this many days. */
export const DUE_SOON_DAYS = 30;

const OPEN = new Set(['pending', 'in_progress']);

/** A notice's link as a path of this site (the API answers absolute URLs on APP_PUBLIC_URL). */
export const pathOf = (link: string): string => {
  try {
    const u = new URL(link);
    return `${u.pathname}${u.search}`;
  } catch {
    return '/app';
  }
};

export const noticeRows = (items: NotificationResponse[]) =>
  items.map((n) => ({ title: n.title, item: n.item, href: pathOf(n.link), unread: !n.readAt, createdAt: format.date(n.createdAt) }));

export interface HomeInputs {
  institution: InstitutionResponse;
  actions: ImprovementActionsResponse | null;
  overdue: MilestoneResponse[];
  upcoming: MilestoneResponse[];
  reports: PublicReportSituation[];
  awaiting: AssessmentResponse[];
  returned: AssessmentResponse[];
  notifications: NotificationResponse[];
  today: string;
}

const milestoneRow = (m: MilestoneResponse) => ({
  target: m.target,
  kind: label('milestoneKind', m.kind),
  dueDate: format.date(m.dueDate),
  status: label('milestoneStatus', m.status),
});

/** The home page's model: every block says what it is even when empty (no inventory is not a score of zero). */
export function homeView(x: HomeInputs) {
  const owed = x.reports.filter((r) => r.situation === 'missing' || r.situation === 'upcoming');
  return {
    institution: { name: x.institution.name, code: x.institution.code },
    score: x.actions && x.actions.score !== null ? format.decimal(x.actions.score) : null,
    scoreDate: x.actions ? format.date(x.actions.date) : null,
    actionsTotal: x.actions?.total ?? 0,
    actions: (x.actions?.items ?? []).map((a) => ({
      description: a.description,
      points: `${a.upTo ? 'hasta ' : ''}${format.decimal(a.points)}`,
      avoidLoss: a.effect === 'avoid_loss',
      dueDate: a.dueDate ? format.date(a.dueDate) : null,
    })),
    overdue: x.overdue.map(milestoneRow),
    upcoming: x.upcoming.filter((m) => OPEN.has(m.status)).map(milestoneRow),
    dueSoonDays: DUE_SOON_DAYS,
    reports: owed.map((r) => ({
      period: `${r.quarter}.º trimestre de ${r.year}`,
      dueDate: format.date(r.dueDate),
      situation: label('reportSituation', r.situation),
      missing: r.situation === 'missing',
    })),
    awaiting: x.awaiting.map((a) => ({ procedure: `${a.procedureCode} · ${a.procedureName}`, level: a.resultingLevel })),
    returned: x.returned.map((a) => ({
      procedure: `${a.procedureCode} · ${a.procedureName}`,
      level: a.resultingLevel,
      comment: a.reviewComment ?? 'Sin comentario.',
      reviewedAt: a.reviewedAt ? format.date(a.reviewedAt) : null,
    })),
    notifications: noticeRows(x.notifications),
  };
}

/** The Commission's home: what waits for review, what is behind (all and in the institutions the person follows). */
export function commissionSummary(s: Awaited<ReturnType<DeskService['summary']>>) {
  const overdueTotal = Object.values(s.overdue).reduce((a, n) => a + n, 0);
  return {
    waiting: s.assessmentsWaiting + s.plansWaiting + s.reportsWaiting,
    assessmentsWaiting: s.assessmentsWaiting,
    plansWaiting: s.plansWaiting,
    reportsWaiting: s.reportsWaiting,
    overdueTotal,
    overdueFollowed: s.overdueFollowed,
    overdue: OVERDUE_KINDS.filter((k) => s.overdue[k] > 0).map((k) => ({
      text: labelCap('overdueKind', k),
      n: s.overdue[k],
      href: `/app/atrasos?kind=${k}`,
    })),
    followed: s.followed,
    institutions: s.institutions,
  };
}
