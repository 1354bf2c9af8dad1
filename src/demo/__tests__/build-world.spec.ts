import { reportDueDate } from '../../modules/inventory/rules/report-due-date';
import { addDays, daysBetween, dayOf } from '../calendar';
import { buildDemoWorld } from '../build-world';
import { DEMO_CATALOG } from '../catalog';
import { DEMO_USERS, demoAccountLines, exampleLogin } from '../people';
import { DemoWorld, WorldProcedure } from '../world';

const TODAY = '2026-11-29';
const world = buildDemoWorld(TODAY);
const procedures = world.inventories.flatMap((i) => i.procedures);
const requirements = procedures.flatMap((p) => p.requirements);
const plans = world.inventories.flatMap((i) => i.plans);
const milestones = plans.flatMap((p) => p.milestones);
const reports = world.inventories.flatMap((i) => i.reports);
const assessments = procedures.flatMap((p) => p.assessments);
const endOfToday = `${TODAY}T23:59:59-06:00`;

describe('demo world', () => {
  it('is deterministic for a day, and moves with the day it is built for', () => {
    expect(buildDemoWorld(TODAY)).toEqual(world);
    const later = buildDemoWorld(addDays(TODAY, 100));
    const first = (w: DemoWorld) => w.inventories.find((i) => i.institution === 'MINECO')!.procedures[0];
    expect(later.inventories.flatMap((i) => i.procedures).map((p) => p.code)).toEqual(procedures.map((p) => p.code));
    expect(daysBetween(dayOf(first(world).createdAt), dayOf(first(later).createdAt))).toBe(100);
  });

  it('keeps the 19 institutions and gives at least ten of them 15 to 40 procedures', () => {
    const codes = world.institutions.map((i) => i.code);
    for (const code of [
      'MAGA',
      'MARN',
      'CIV',
      'MCD',
      'MINDEF',
      'MIDES',
      'MINECO',
      'MINEDUC',
      'MEM',
      'MINFIN',
      'MINGOB',
      'MINEX',
      'MSPAS',
      'MINTRAB',
      'SEGEPLAN',
      'SCSP',
      'SBS',
      'SENACYT',
      'MUNIGUATE',
    ])
      expect(codes).toContain(code);
    const rich = world.inventories.filter((i) => i.procedures.length >= 15 && i.procedures.length <= 40);
    expect(rich.length).toBeGreaterThanOrEqual(10);
    expect(world.institutions.filter((i) => !world.inventories.some((v) => v.institution === i.code)).length).toBeGreaterThan(0); // "sin inventario"
    expect(new Set(procedures.map((p) => p.code)).size).toBe(procedures.length);
  });

  it('dates everything in the last 18 months, and nothing that already happened after today', () => {
    const past = [
      ...procedures.flatMap((p) => [p.createdAt, p.updatedAt, ...p.changes.map((c) => c.at)]),
      ...requirements.flatMap((r) => [r.createdAt, r.updatedAt]),
      ...assessments.flatMap((a) => [a.submittedAt, a.reviewedAt ?? a.submittedAt]),
      ...plans.flatMap((p) => [p.createdAt, p.updatedAt, p.submittedAt ?? p.createdAt, p.approvedAt ?? p.createdAt]),
      ...reports.flatMap((r) => [r.submittedAt, r.reviewedAt ?? r.submittedAt]),
    ];
    expect(past.every((t) => t <= endOfToday)).toBe(true);
    expect(past.every((t) => daysBetween(dayOf(t), TODAY) <= 560)).toBe(true);
    expect(milestones.filter((m) => m.completedOn).every((m) => m.completedOn! < TODAY)).toBe(true);
    const months = new Set(procedures.flatMap((p) => p.changes.map((c) => c.at.slice(0, 7))));
    expect(months.size).toBeGreaterThanOrEqual(13); // a history with a shape month after month
  });

  it.each([TODAY, '2027-01-03', '2027-06-30', '2026-12-31'])(
    'keeps each record consistent with its own history when built on %s',
    (day) => {
      const w = day === TODAY ? world : buildDemoWorld(day);
      const problems: string[] = [];
      const check = (ok: boolean, what: string) => {
        if (!ok) problems.push(what);
      };
      for (const p of w.inventories.flatMap((i) => i.procedures)) {
        const times = p.changes.map((c) => c.at);
        check(
          times.every((t, i) => t <= `${day}T23:59:59-06:00` && (i === 0 || times[i - 1] <= t)),
          `${p.code}: history out of order or after ${day}`,
        );
        check(p.changes[0].action === 'create' && p.changes[0].at === p.createdAt, `${p.code}: history does not start with its creation`);
        const validated = p.assessments.filter((a) => a.status === 'validated').sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : 1));
        check(
          p.currentLevel === (validated.length ? validated[validated.length - 1].level : 0),
          `${p.code}: current level is not the last validated one`,
        );
        check(
          p.assessments.every((a) => !a.reviewedAt || a.reviewedAt > a.submittedAt),
          `${p.code}: reviewed before submitted`,
        );
        check(
          p.requirements.every((r) => !r.effectiveTo || r.effectiveTo >= r.effectiveFrom),
          `${p.code}: requirement ends before it starts`,
        );
        check(p.lastReviewedAt >= p.baselineDate, `${p.code}: reviewed before registered`);
        check(
          p.baselineRequirements === p.requirements.filter((r) => r.effectiveFrom === p.baselineDate).length,
          `${p.code}: baseline requirements`,
        );
      }
      for (const plan of w.inventories.flatMap((i) => i.plans)) {
        for (const m of plan.milestones) {
          check(m.dueDate >= plan.periodStart && m.dueDate <= plan.periodEnd, `${plan.title}: «${m.target}» due outside the period`);
          check(m.completedLate === (m.completedOn ? m.completedOn > m.dueDate : null), `«${m.target}»: completedLate`);
          check((m.status === 'completed') === (m.completedOn !== null), `«${m.target}»: status and completion disagree`);
          check(!m.completedOn || m.completedOn < day, `«${m.target}»: completed in the future`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('attributes every act to a person who could do it that day', () => {
    const users = new Map(world.users.map((u) => [u.email, u]));
    const acts = [
      ...assessments.map((a) => ({ who: a.submittedBy, when: a.submittedAt })),
      ...assessments.filter((a) => a.reviewedBy).map((a) => ({ who: a.reviewedBy!, when: a.reviewedAt! })),
      ...reports.map((r) => ({ who: r.submittedBy, when: r.submittedAt })),
    ];
    for (const { who, when } of acts) {
      const u = users.get(who)!;
      expect(u.status).not.toBe('invited');
      expect(u.createdAt <= when).toBe(true);
      if (u.status === 'disabled') expect(when <= u.updatedAt).toBe(true);
    }
  });

  it('shows every state the pages and reminders must render', () => {
    expect(new Set(assessments.map((a) => a.status))).toEqual(new Set(['validated', 'submitted', 'rejected']));
    expect(new Set(procedures.map((p) => p.currentLevel))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(new Set(plans.map((p) => p.status))).toEqual(new Set(['draft', 'submitted', 'approved']));
    expect(plans.some((p) => p.status === 'draft' && p.reviewComment && p.submittedAt)).toBe(true); // returned with a comment
    expect(milestones.some((m) => m.completedOn && !m.completedLate)).toBe(true);
    expect(milestones.some((m) => m.completedLate)).toBe(true);
    expect(milestones.some((m) => !m.completedOn && m.status !== 'cancelled' && m.dueDate < TODAY)).toBe(true); // overdue
    expect(milestones.some((m) => !m.completedOn && m.status !== 'cancelled' && m.dueDate >= TODAY)).toBe(true); // upcoming
    expect(reports.some((r) => dayOf(r.submittedAt) <= reportDueDate(r.year, r.quarter))).toBe(true);
    expect(reports.some((r) => dayOf(r.submittedAt) > reportDueDate(r.year, r.quarter))).toBe(true);
    expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['submitted', 'accepted', 'returned']));
    const reporting = world.inventories.filter((i) => i.reports.length);
    expect(
      reporting.some((i) =>
        i.reports.some((r, k) => k > 0 && r.year * 4 + r.quarter - (i.reports[k - 1].year * 4 + i.reports[k - 1].quarter) > 1),
      ),
    ).toBe(true); // a missing quarter
    expect(procedures.flatMap((p) => p.actions).length).toBeGreaterThan(50);
    expect(new Set(procedures.filter((p) => p.status !== 'active').map((p) => p.status))).toEqual(new Set(['eliminated', 'merged']));
  });

  it('holds the practices and gaps the findings must reveal, leaving unknowns unknown', () => {
    const ended = requirements.filter((r) => r.effectiveTo);
    expect(new Set(ended.map((r) => r.status))).toEqual(new Set(['eliminated', 'simplified', 'replaced_by_interoperability']));
    const active = requirements.filter((r) => !r.effectiveTo);
    expect(active.some((r) => r.issuer === 'same_institution' && r.prohibitedKind === null)).toBe(true); // only the data reveals it
    expect(active.some((r) => r.prohibitedKind !== null)).toBe(true); // declared
    expect(active.some((r) => /declaración jurada/i.test(r.name) && r.prohibitedKind === null)).toBe(true);
    expect(active.some((r) => /firma legalizada|autenticada/i.test(r.name))).toBe(true);
    expect(active.some((r) => r.legalBasisType === 'none')).toBe(true);
    expect(new Set(active.map((r) => r.legalBasisType))).toEqual(new Set(['law', 'government_agreement', 'other_rule', 'none']));
    const unknown = (f: (p: WorldProcedure) => unknown) => procedures.filter((p) => f(p) === null).length;
    expect(unknown((p) => p.feeGtq)).toBeGreaterThan(0);
    expect(unknown((p) => p.actualMedianDays)).toBeGreaterThan(0);
    expect(unknown((p) => p.annualVolume)).toBeGreaterThan(0);
    expect(unknown((p) => p.inPersonVisits)).toBeGreaterThan(0);
    const catalogFee = new Map(
      Object.values(DEMO_CATALOG)
        .flat()
        .map((c) => [c.code, c.fee]),
    );
    for (const p of procedures) expect(p.feeGtq).toBe(catalogFee.get(p.code)); // unknown stays null; free stays 0
    expect(procedures.some((p) => p.feeGtq === 0)).toBe(true);
    expect(procedures.some((p) => p.currentLevel >= 4 && (p.inPersonVisits ?? 0) > 0)).toBe(true); // level 4 with a visit
    expect(procedures.some((p) => p.currentLevel >= 3 && !p.onlineUrl)).toBe(true);
    expect(procedures.some((p) => p.currentLevel >= 2 && !p.formsUrl)).toBe(true);
    expect(procedures.some((p) => daysBetween(p.lastReviewedAt, TODAY) > 180 && p.status === 'active')).toBe(true); // stale
  });

  it('keeps the existing accounts, adds a second analyst and leaves two rich institutions without an active liaison', () => {
    const emails = world.users.map((u) => u.email);
    for (const e of [
      'admin@demo.simplifica.gt',
      'analista@demo.simplifica.gt',
      'admin.mineco@demo.simplifica.gt',
      'enlace.mineco@demo.simplifica.gt',
      'enlace.maga@demo.simplifica.gt',
      'enlace.mspas@demo.simplifica.gt',
      'enlace.muniguate@demo.simplifica.gt',
    ])
      expect(emails).toContain(e);
    expect(world.users.filter((u) => u.role === 'analyst' && u.status === 'active').length).toBeGreaterThanOrEqual(2);
    const rich = world.inventories.filter((i) => i.procedures.length >= 15).map((i) => i.institution);
    const withLiaison = rich.filter((code) =>
      world.users.some((u) => u.institution === code && u.role === 'liaison' && u.status === 'active'),
    );
    expect(withLiaison.length).toBeGreaterThanOrEqual(10);
    expect(rich.filter((code) => !withLiaison.includes(code)).sort()).toEqual(['MEM', 'MINEDUC']);
    expect(world.follows.length).toBeGreaterThan(5);
  });

  it('prints in the banner exactly the accounts one can sign in with', () => {
    const banner = demoAccountLines().join('\n');
    for (const u of DEMO_USERS) {
      const active = u.status !== 'invited' && u.disabledDaysAgo === undefined;
      expect(banner.includes(u.email)).toBe(active);
    }
    expect(banner).toMatch(/MEM \(su enlace dejó el cargo\)/);
    expect(exampleLogin()).toBe('enlace.mineco@demo.simplifica.gt');
  });
});
