import type { Channel, MilestoneKind, ProhibitedKind, RequirementStatus } from '../modules/inventory/rules/inventory.enums';
import { quarterEnd, quarterStart, reportDueDate } from '../modules/inventory/rules/report-due-date';
import { addDays, at, daysBetween, dayOf, maxDate, minDate, quarterOf, spanishDate, yearOf } from './calendar';
import { DEMO_CATALOG } from './catalog';
import { CatalogProcedure, CatalogRequirement } from './catalog/types';
import { DEMO_INSTITUTIONS, DemoInstitution, InstitutionProfile } from './institutions';
import { DEMO_FOLLOWS, DEMO_USERS, DIGEST_USERS } from './people';
import { Rng, rngFor } from './rng';
import {
  DemoWorld,
  WorldAction,
  WorldAssessment,
  WorldInventory,
  WorldMilestone,
  WorldPlan,
  WorldProcedure,
  WorldReport,
  WorldRequirement,
  WorldUser,
} from './world';
import * as TEXT from './texts';

/** How far back the Commission's own accounts go (before every inventory). */
const COMMISSION_SINCE_DAYS = 560;
const DEFAULT_ANALYST = 'analista@demo.simplifica.gt';

/** Something an institution achieved on a date, which its plan may have promised as a milestone. */
interface Achievement {
  kind: MilestoneKind;
  date: string;
  procedureCode: string | null;
  target: string;
  evidence: string;
  summary: string;
}

/** Something still to do, which a plan may promise for a later date. */
interface Intention {
  kind: MilestoneKind;
  procedureCode: string;
  target: string;
  action?: Omit<WorldAction, 'implementedOn' | 'createdAt'>;
}

/** Who can act for an institution on a given day. */
interface Staff {
  /** The person who submits for the institution that day (a liaison first), or null when nobody can. */
  submitterOn(date: string): string | null;
  /** The analyst who reviews its submissions. */
  reviewer: string;
  /** The last day anyone at the institution worked in the product; null when nobody ever did. */
  lastActive: string | null;
  /** The first day anyone at the institution could work in the product; null when nobody ever could. */
  firstActive: string | null;
}

/**
 * The whole demo for a given day: 20 institutions, their people, inventories, assessments, plans and reports, with every
 * date between about 18 months before `today` and a few months after it (upcoming milestones). Pure and deterministic:
 * the same day gives the same world, and each procedure draws from its own random stream.
 */
export function buildDemoWorld(today: string): DemoWorld {
  const users = DEMO_USERS.map((u): WorldUser => {
    const inst = DEMO_INSTITUTIONS.find((i) => i.code === u.institution);
    const since =
      u.joinedDaysAgo !== undefined
        ? addDays(today, -u.joinedDaysAgo)
        : inst?.profile
          ? addDays(today, -inst.profile.registeredDaysAgo - 14)
          : addDays(today, u.status === 'invited' ? -40 : -COMMISSION_SINCE_DAYS);
    const disabled = u.disabledDaysAgo !== undefined ? addDays(today, -u.disabledDaysAgo) : null;
    return {
      email: u.email,
      name: u.name,
      role: u.role,
      institution: u.institution,
      status: disabled ? 'disabled' : u.status === 'invited' ? 'invited' : 'active',
      createdAt: at(since, 9),
      updatedAt: at(disabled ?? since, disabled ? 17 : 9),
    };
  });
  const follows = Object.entries(DEMO_FOLLOWS).flatMap(([analyst, codes]) =>
    codes.map((institution) => ({ analyst, institution, createdAt: at(addDays(today, -COMMISSION_SINCE_DAYS + 30), 10) })),
  );

  const inventories: WorldInventory[] = [];
  for (const inst of DEMO_INSTITUTIONS) {
    const catalog = DEMO_CATALOG[inst.code];
    if (!catalog?.length || !inst.profile) continue;
    inventories.push(buildInventory(inst, inst.profile, catalog, today, staffOf(inst, users, today)));
  }
  return {
    today,
    institutions: DEMO_INSTITUTIONS.map((i) => ({
      code: i.code,
      name: i.name,
      article: i.article,
      type: i.type,
      coverage: i.coverage,
      sector: i.sector,
      website: i.website,
      optedInAt: i.optedInAt ?? null,
      adhesionAct: i.adhesionAct ?? null,
      createdAt: at(addDays(today, -(i.profile?.registeredDaysAgo ?? 30) - 30), 8),
    })),
    users,
    follows,
    digestUsers: DIGEST_USERS,
    inventories,
  };
}

function staffOf(inst: DemoInstitution, users: readonly WorldUser[], today: string): Staff {
  const own = users
    .filter((u) => u.institution === inst.code && u.status !== 'invited')
    .sort((a, b) => Number(b.role === 'liaison') - Number(a.role === 'liaison'));
  const until = (u: WorldUser) => (u.status === 'disabled' ? dayOf(u.updatedAt) : today);
  const follower = Object.entries(DEMO_FOLLOWS).find(([, codes]) => codes.includes(inst.code))?.[0];
  const lastActive = own.length
    ? minDate(maxDate(...own.map(until)), inst.profile?.quietForDays ? addDays(today, -inst.profile.quietForDays) : today)
    : null;
  return {
    submitterOn: (date) =>
      own.find((u) => dayOf(u.createdAt) <= date && date <= until(u) && (!lastActive || date <= lastActive))?.email ?? null,
    reviewer: follower ?? DEFAULT_ANALYST,
    lastActive,
    firstActive: own.length ? minDate(...own.map((u) => dayOf(u.createdAt))) : null,
  };
}

/** A working-hours timestamp on that day, drawn from the stream. */
const stamp = (rng: Rng, date: string) => at(date, rng.int(8, 16), rng.int(0, 59));

/** `count` dates spread over [from, to] (inclusive), at least `gap` days apart when there is room; fewer when there is not. */
function spread(rng: Rng, from: string, to: string, count: number, gap = 20): string[] {
  const span = daysBetween(from, to);
  const n = Math.min(count, Math.floor((span + 1) / gap));
  if (n <= 0) return [];
  const slot = Math.floor((span + 1) / n);
  return Array.from({ length: n }, (_, i) => addDays(from, i * slot + rng.int(0, Math.max(0, slot - gap))));
}

function buildInventory(
  inst: DemoInstitution,
  profile: InstitutionProfile,
  catalog: readonly CatalogProcedure[],
  today: string,
  staff: Staff,
): WorldInventory {
  const registered = addDays(today, -profile.registeredDaysAgo);
  const achievements: Achievement[] = [];
  const intentions: Intention[] = [];
  const procedures = catalog.map((cat) => simulateProcedure({ inst, profile, cat, today, registered, staff, achievements, intentions }));
  const rng = rngFor(`${inst.code}/plans`);
  const plans = buildPlans(rng, inst, profile, today, registered, staff, achievements, intentions, procedures);
  const reports = buildReports(rngFor(`${inst.code}/reports`), profile, today, registered, staff, achievements, plans);
  return { institution: inst.code, procedures, plans, reports };
}

interface ProcedureContext {
  inst: DemoInstitution;
  profile: InstitutionProfile;
  cat: CatalogProcedure;
  today: string;
  registered: string;
  staff: Staff;
  achievements: Achievement[];
  intentions: Intention[];
}

type Shape = Pick<WorldProcedure, 'channels' | 'onlineUrl' | 'formsUrl' | 'formsFree' | 'inPersonVisits'>;

/** One procedure's life from its registration to today: records, requirements, claims and validations, all dated. */
function simulateProcedure(ctx: ProcedureContext): WorldProcedure {
  const { inst, profile, cat, today, staff } = ctx;
  const rng = rngFor(`${inst.code}/${cat.code}`);
  const story = cat.story ?? {};

  // Registration: with the first inventory, or months later for a few.
  let registered = ctx.registered;
  if (story.addedLater || (!cat.story && rng.chance(0.05))) {
    const room = daysBetween(registered, staff.lastActive ?? today) - 45;
    if (room > 60) registered = addDays(registered, rng.int(45, room));
  }
  const createdAt = stamp(rng, registered);
  const registrar = staff.submitterOn(registered) ?? staff.reviewer;

  // When the procedure stops changing: eliminated, merged, or nobody left to change it.
  const endedOn =
    story.eliminatedDaysAgo !== undefined
      ? addDays(today, -story.eliminatedDaysAgo)
      : story.mergedInto
        ? addDays(today, -rng.int(60, 200))
        : null;
  const activeUntil = minDate(staff.lastActive ?? registered, endedOn ? addDays(endedOn, -5) : today);
  // Work on the record starts when someone at the institution is there (the Commission may have registered it before).
  const workFrom = maxDate(registered, staff.firstActive ?? registered);

  const startLevel = Math.min(5, Math.max(0, story.startLevel ?? rng.weighted(profile.startLevels)));
  const url = `${inst.website}/tramites/${cat.code.toLowerCase()}`;
  const formsAt = `${inst.website}/formularios/${cat.code.toLowerCase()}.pdf`;
  const onlyOnline = rng.chance(0.5);
  const baseChannels: Channel[] = rng.chance(0.15) ? ['in_person', 'phone'] : ['in_person'];
  const baseVisits = story.unknownVisits ? null : rng.int(1, 3);
  const shape = (level: number): Shape => ({
    channels: level >= 4 ? (onlyOnline ? ['online'] : ['online', 'in_person']) : level === 3 ? ['online', 'in_person'] : baseChannels,
    onlineUrl: level >= 3 && story.quirk !== 'no_online_url_at_level_3' ? url : null,
    formsUrl: level >= 2 && story.quirk !== 'no_forms_at_level_2' ? formsAt : null,
    formsFree: level >= 2 && story.quirk !== 'no_forms_at_level_2' ? true : null,
    inPersonVisits:
      baseVisits === null
        ? null
        : level >= 4
          ? story.quirk === 'visit_at_level_4'
            ? 1
            : 0
          : level === 3
            ? Math.min(1, baseVisits)
            : baseVisits,
  });
  const unknownTimes = story.unknownTimes || (!cat.story && rng.chance(0.04));
  const baseDays = unknownTimes
    ? null
    : cat.legalDays === 0
      ? 0
      : Math.max(1, Math.round((cat.legalDays ?? rng.int(10, 40)) * (0.7 + rng.next() * 1.7)));
  const year = yearOf(today);

  const p: WorldProcedure = {
    code: cat.code,
    name: cat.name,
    description: cat.description,
    output: cat.output,
    audience: cat.audience,
    category: cat.category,
    lifeEvent: cat.lifeEvent ?? null,
    foreignTrade: cat.foreignTrade ?? false,
    prioritized: cat.prioritized ?? false,
    ...shape(startLevel),
    feeGtq: cat.fee,
    legalBasis: cat.legalBasis,
    legalMaxDays: cat.legalDays,
    actualMedianDays: baseDays,
    annualVolume: cat.volume === null || (!cat.story && rng.chance(0.03)) ? null : cat.volume,
    status: 'active',
    mergedInto: null,
    currentLevel: 0,
    declaredLevel: startLevel,
    targetLevel: startLevel >= 4 && rng.chance(0.5) ? 5 : 4,
    targetDate: rng.pick([`${year}-12-31`, `${year + 1}-06-30`, `${year + 1}-12-31`]),
    lastReviewedAt: registered,
    baselineDate: registered,
    baselineRequirements: cat.requirements.length,
    baselineDays: baseDays,
    baselineVisits: baseVisits,
    baselineFeeGtq: cat.fee,
    createdAt,
    updatedAt: createdAt,
    version: 1,
    requirements: [],
    changes: [],
    assessments: [],
    actions: [],
  };
  p.changes.push({ at: createdAt, by: registrar, subject: 'procedure', action: 'create', field: null, oldValue: null, newValue: null });

  /** An edit of the record: one change row per field that changed, and it counts as a review. */
  const update = (date: string, by: string | null, patch: Partial<WorldProcedure>) => {
    const when = stamp(rng, date);
    const all: Partial<WorldProcedure> = { ...patch, lastReviewedAt: date };
    for (const [field, value] of Object.entries(all) as Array<[keyof WorldProcedure, unknown]>) {
      if (JSON.stringify(p[field]) === JSON.stringify(value)) continue;
      p.changes.push({
        at: when,
        by,
        subject: 'procedure',
        action: field === 'status' && value === 'eliminated' ? 'eliminate' : 'update',
        field,
        oldValue: p[field] ?? null,
        newValue: value ?? null,
      });
      (p as unknown as Record<string, unknown>)[field] = value;
    }
    p.updatedAt = when;
    p.version += 1;
    return when;
  };
  const achieve = (a: Omit<Achievement, 'procedureCode'>, action?: Omit<WorldAction, 'implementedOn' | 'createdAt'>) => {
    ctx.achievements.push({ ...a, procedureCode: cat.code });
    if (action && rng.chance(0.65)) p.actions.push({ ...action, implementedOn: a.date, createdAt: at(a.date, 15) });
  };

  // Requirements as registered, then what happens to each of them.
  const requirements = cat.requirements.map((r, i) =>
    newRequirement(rng, inst.code, profile, p, r, `${cat.code}#${i + 1}`, registered, createdAt),
  );
  p.requirements.push(...requirements);
  for (const r of requirements) {
    p.changes.push({
      at: createdAt,
      by: registrar,
      subject: 'requirement',
      requirementKey: r.key,
      action: 'create',
      field: 'name',
      oldValue: null,
      newValue: r.name,
    });
  }

  // Maturity: the first validation confirms the declared level, later ones raise it; a claim may be rejected or pending.
  const submit = (date: string) => staff.submitterOn(date);
  let validatedOn: string | null = null;
  const assess = (level: number, submittedOn: string, outcome: 'validated' | 'rejected' | 'submitted', reviewedOn?: string) => {
    const submitter = submit(submittedOn)!;
    const reviewed = outcome !== 'submitted' && reviewedOn ? stamp(rng, reviewedOn) : null;
    const a: WorldAssessment = {
      level,
      status: outcome,
      submittedAt: stamp(rng, submittedOn),
      submittedBy: submitter,
      reviewedAt: reviewed,
      reviewedBy: reviewed ? staff.reviewer : null,
      reviewComment: outcome === 'validated' ? rng.pick(TEXT.VALIDATION_COMMENTS) : outcome === 'rejected' ? TEXT.rejection(level) : null,
      evidenceUrl: url,
      evidenceNote: TEXT.evidenceNote(level),
    };
    p.assessments.push(a);
    if (outcome === 'validated' && reviewed) {
      p.changes.push({
        at: reviewed,
        by: staff.reviewer,
        subject: 'procedure',
        action: 'level_validated',
        field: 'currentLevel',
        oldValue: p.currentLevel,
        newValue: level,
      });
      p.currentLevel = level;
      p.version += 1;
      p.updatedAt = reviewed;
      validatedOn = reviewedOn!;
    }
  };

  const canAct = (date: string) => date <= activeUntil && date < today && submit(date) !== null;
  if (startLevel >= 1) {
    const s = addDays(workFrom, rng.int(7, 45));
    const v = addDays(s, rng.int(3, 12));
    if (canAct(s) && (cat.story || rng.chance(0.85))) assess(startLevel, s, v < today ? 'validated' : 'submitted', v);
  }

  const steps = story.endLevel !== undefined ? story.endLevel - startLevel : drawSteps(rng, profile.progress);
  const windowStart = addDays(validatedOn ?? workFrom, 25);
  const raises = steps > 0 ? spread(rng, windowStart, addDays(activeUntil, -10), Math.min(steps, 5 - startLevel), 30) : [];
  let days = baseDays;
  for (const [i, validation] of raises.entries()) {
    const level = startLevel + i + 1;
    const submitted = addDays(validation, -rng.int(4, 12));
    if (!canAct(submitted) || (validatedOn && submitted <= addDays(validatedOn, 3))) break;
    const rejectedOn = addDays(submitted, -rng.int(25, 45));
    if (rng.chance(profile.rejections) && validatedOn && rejectedOn > addDays(validatedOn, 5) && canAct(rejectedOn)) {
      update(rejectedOn, submit(rejectedOn), { declaredLevel: level });
      assess(level, rejectedOn, 'rejected', addDays(rejectedOn, rng.int(3, 9)));
    }
    const before = { days, visits: p.inPersonVisits, steps: p.requirements.filter(isActive).length + (p.inPersonVisits ?? 1) + 2 };
    if (days !== null && level >= 3) days = Math.max(0, Math.round(days * (0.65 + rng.next() * 0.25)));
    update(addDays(submitted, -rng.int(0, 4)), submit(submitted), { ...shape(level), declaredLevel: level, actualMedianDays: days });
    assess(level, submitted, 'validated', validation);
    achieve(
      {
        kind: level === 2 ? 'publish_form' : 'raise_level',
        date: validation,
        target: TEXT.raiseTarget(cat.name, level),
        evidence: TEXT.raiseEvidence(level, validation, p.formsUrl),
        summary: `nivel ${level} de «${cat.name}»`,
      },
      level >= 3
        ? {
            type: 'technological',
            description: TEXT.raiseAction(cat.name, level),
            benefit: TEXT.raiseBenefit(level),
            stepsBefore: before.steps,
            stepsAfter: Math.max(1, before.steps - rng.int(1, 3)),
            requirementsBefore: null,
            requirementsAfter: null,
            daysBefore: before.days,
            daysAfter: days,
          }
        : undefined,
    );
  }

  // A faster resolution without a new level (more staff, parallel review).
  if (days !== null && days > 2 && rng.chance(0.2 + 0.2 * profile.progress)) {
    const [on] = spread(rng, addDays(workFrom, 60), addDays(activeUntil, -5), 1, 1);
    if (on && canAct(on)) {
      const to = Math.max(1, Math.round(days * (0.5 + rng.next() * 0.3)));
      update(on, submit(on), { actualMedianDays: to });
      achieve(
        {
          kind: 'reduce_time',
          date: on,
          target: TEXT.reduceTarget(cat.name, days, to),
          evidence: 'Informe de tiempos de respuesta del trimestre, con la muestra de expedientes',
          summary: `plazo de «${cat.name}» de ${days} a ${to} días`,
        },
        {
          type: 'administrative',
          description: TEXT.reduceAction(cat.name),
          benefit: 'Menos días de espera para las personas y empresas',
          stepsBefore: null,
          stepsAfter: null,
          requirementsBefore: null,
          requirementsAfter: null,
          daysBefore: days,
          daysAfter: to,
        },
      );
      days = to;
    }
  }

  // Requirements ended: forbidden practices removed, documents obtained by interoperability, copies simplified.
  for (const [i, r] of cat.requirements.entries()) {
    const req = requirements[i];
    const fate = requirementFate(rng, profile, inst.code, r);
    if (!fate) continue;
    const [on] = spread(rng, addDays(workFrom, 30), addDays(activeUntil, -3), 1, 1);
    if (!on || !canAct(on)) continue;
    const by = submit(on);
    const activeBefore = p.requirements.filter(isActive).length;
    endRequirement(p, req, on, fate, stamp(rng, on), by);
    let replacement: WorldRequirement | null = null;
    if (fate === 'simplified' && r.simplifiesTo) {
      replacement = {
        ...req,
        key: `${req.key}s`,
        name: r.simplifiesTo,
        issuer: 'applicant',
        issuerInstitution: null,
        prohibitedKind: null,
        legalBasisType: r.basis.type === 'none' ? 'other_rule' : r.basis.type,
        legalBasisReference: r.basis.reference ?? `Resolución de simplificación del ${spanishDate(on)}`,
        effectiveFrom: on,
        effectiveTo: null,
        status: 'active',
        createdAt: stamp(rng, on),
        updatedAt: stamp(rng, on),
        version: 1,
      };
      p.requirements.push(replacement);
      p.changes.push({
        at: replacement.createdAt,
        by,
        subject: 'requirement',
        requirementKey: replacement.key,
        action: 'create',
        field: 'name',
        oldValue: null,
        newValue: replacement.name,
      });
    }
    const kind: MilestoneKind = fate === 'replaced_by_interoperability' ? 'interoperate' : 'eliminate_requirement';
    achieve(
      {
        kind,
        date: on,
        target: TEXT.requirementTarget(kind, req.name, cat.name, req.issuerInstitution, replacement?.name),
        evidence: TEXT.requirementEvidence(kind, req.issuerInstitution),
        summary: `«${req.name}» en «${cat.name}»`,
      },
      {
        type:
          kind === 'interoperate'
            ? 'technological'
            : r.basis.type === 'law' || r.basis.type === 'government_agreement'
              ? 'regulatory'
              : 'administrative',
        description: TEXT.requirementAction(kind, req.name, req.issuerInstitution),
        benefit: TEXT.requirementBenefit(req.prohibitedKind ?? practiceOf(inst.code, r)),
        stepsBefore: null,
        stepsAfter: null,
        requirementsBefore: activeBefore,
        requirementsAfter: p.requirements.filter(isActive).length,
        daysBefore: null,
        daysAfter: null,
      },
    );
  }

  // Claims still open today: one awaiting review, or one the analyst just rejected (the institution still declares it).
  const last = p.currentLevel;
  const recentFrom = validatedOn ? addDays(validatedOn, 4) : addDays(workFrom, 10);
  if (last < 5 && staff.lastActive === today && !endedOn) {
    if (story.pending || (!story.rejected && !cat.story && rng.chance(0.08))) {
      const on = maxDate(recentFrom, addDays(today, -rng.int(1, 18)));
      if (canAct(on)) {
        update(maxDate(recentFrom, addDays(on, -rng.int(0, 2))), submit(on), { ...shape(last + 1), declaredLevel: last + 1 });
        assess(last + 1, on, 'submitted');
      }
    } else if (story.rejected || (!cat.story && rng.chance(0.04))) {
      const on = maxDate(recentFrom, addDays(today, -rng.int(20, 50)));
      const reviewed = addDays(on, rng.int(3, 12));
      if (canAct(on) && reviewed < today) {
        update(on, submit(on), { declaredLevel: last + 1 });
        assess(last + 1, on, 'rejected', reviewed);
      }
    }
  }

  // The end of the procedure itself.
  if (endedOn && endedOn < today && (staff.lastActive ?? '') >= endedOn) {
    const by = submit(endedOn) ?? staff.reviewer;
    if (story.mergedInto) {
      update(endedOn, by, { status: 'merged' });
      p.mergedInto = story.mergedInto;
    } else {
      update(endedOn, by, { status: 'eliminated' });
    }
    for (const r of p.requirements.filter(isActive)) endRequirement(p, r, endedOn, 'eliminated', stamp(rng, endedOn), by);
    achieve({
      kind: 'other',
      date: endedOn,
      target: story.mergedInto ? TEXT.mergeTarget(cat.name) : TEXT.eliminateProcedureTarget(cat.name),
      evidence: `Acuerdo de la autoridad superior del ${spanishDate(endedOn)}`,
      summary: `${story.mergedInto ? 'fusión' : 'eliminación'} de «${cat.name}»`,
    });
  }

  // A review with no change keeps most records fresh; the stale ones nobody looked at for more than 180 days.
  const lastActive = staff.lastActive;
  if (lastActive && p.status === 'active' && !rng.chance(profile.stale)) {
    const horizon = minDate(lastActive, addDays(today, -1));
    if (daysBetween(p.lastReviewedAt, horizon) > 120) {
      const on = maxDate(addDays(p.lastReviewedAt, 1), addDays(horizon, -rng.int(3, 100)));
      if (on <= horizon) update(on, submit(on), {});
    }
  } else if (!lastActive && profile.commissionReviews && p.status === 'active') {
    // Nobody at the institution works in the product: the Commission's analyst confirms the records with it now and then.
    const on = addDays(today, -rng.int(20, 150));
    if (on > p.lastReviewedAt) update(on, staff.reviewer, {});
  }

  // What remains to do, for the plans.
  if (p.status === 'active') {
    const level = p.currentLevel;
    if (p.targetLevel !== null && level < p.targetLevel && rng.chance(0.35)) {
      ctx.intentions.push({
        kind: level + 1 === 2 ? 'publish_form' : 'raise_level',
        procedureCode: cat.code,
        target: TEXT.raiseTarget(cat.name, level + 1),
      });
    }
    for (const r of p.requirements.filter(isActive)) {
      const kind = r.prohibitedKind ?? (r.issuer === 'same_institution' ? 'same_institution_document' : null);
      if (kind && rng.chance(0.45)) {
        ctx.intentions.push({
          kind: 'eliminate_requirement',
          procedureCode: cat.code,
          target: TEXT.requirementTarget('eliminate_requirement', r.name, cat.name, r.issuerInstitution),
          action: {
            type: r.legalBasisType === 'none' ? 'administrative' : 'regulatory',
            description: TEXT.requirementAction('eliminate_requirement', r.name, r.issuerInstitution),
            benefit: TEXT.requirementBenefit(kind),
            stepsBefore: null,
            stepsAfter: null,
            requirementsBefore: p.requirements.filter(isActive).length,
            requirementsAfter: p.requirements.filter(isActive).length - 1,
            daysBefore: null,
            daysAfter: null,
          },
        });
      } else if (r.obtainableByInteroperability && r.issuer === 'other_institution' && rng.chance(0.06)) {
        ctx.intentions.push({
          kind: 'interoperate',
          procedureCode: cat.code,
          target: TEXT.requirementTarget('interoperate', r.name, cat.name, r.issuerInstitution),
        });
      }
    }
  }
  p.changes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return p;
}

const isActive = (r: WorldRequirement) => r.effectiveTo === null;

/** Levels a procedure climbs over the period: each further step is less likely. */
function drawSteps(rng: Rng, progress: number): number {
  let steps = 0;
  while (steps < 3 && rng.chance(progress / (steps + 1.6))) steps++;
  return steps;
}

/** The kind of forbidden practice a requirement is, declared or not (a document of the asking institution is one). */
function practiceOf(institution: string, r: CatalogRequirement): ProhibitedKind | null {
  return r.practice ?? (r.from?.code === institution ? 'same_institution_document' : null);
}

function newRequirement(
  rng: Rng,
  institution: string,
  profile: InstitutionProfile,
  p: WorldProcedure,
  r: CatalogRequirement,
  key: string,
  from: string,
  createdAt: string,
): WorldRequirement {
  const practice = practiceOf(institution, r);
  return {
    key,
    name: r.name,
    evidenceType: r.evidence,
    issuer: !r.from ? 'applicant' : r.from.code === institution ? 'same_institution' : 'other_institution',
    issuerInstitution: r.from?.name ?? null,
    legalBasisType: r.basis.type,
    legalBasisReference: r.basis.reference,
    obtainableByInteroperability: r.interop ?? false,
    prohibitedKind: practice && rng.chance(profile.candour) ? practice : null,
    effectiveFrom: from,
    effectiveTo: null,
    status: 'active',
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

function requirementFate(
  rng: Rng,
  profile: InstitutionProfile,
  institution: string,
  r: CatalogRequirement,
): Exclude<RequirementStatus, 'active'> | null {
  if (practiceOf(institution, r)) {
    if (!rng.chance(profile.reform)) return null;
    return r.simplifiesTo && rng.chance(0.5) ? 'simplified' : 'eliminated';
  }
  // An identity document is still shown in person; the documents other institutions issue can be looked up instead.
  if (r.interop && r.evidence !== 'identification' && r.from && r.from.code !== institution && rng.chance(profile.interop))
    return 'replaced_by_interoperability';
  if (r.simplifiesTo && rng.chance(profile.reform * 0.4)) return 'simplified';
  return rng.chance(0.02 * profile.progress) ? 'eliminated' : null;
}

function endRequirement(
  p: WorldProcedure,
  r: WorldRequirement,
  on: string,
  status: Exclude<RequirementStatus, 'active'>,
  when: string,
  by: string | null,
): void {
  p.changes.push(
    {
      at: when,
      by,
      subject: 'requirement',
      requirementKey: r.key,
      action: 'eliminate',
      field: 'status',
      oldValue: r.status,
      newValue: status,
    },
    {
      at: when,
      by,
      subject: 'requirement',
      requirementKey: r.key,
      action: 'eliminate',
      field: 'effectiveTo',
      oldValue: null,
      newValue: on,
    },
  );
  r.effectiveTo = on;
  r.status = status;
  r.updatedAt = when;
  r.version += 1;
}

// --- plans ---------------------------------------------------------------------------------------------------------

function buildPlans(
  rng: Rng,
  inst: DemoInstitution,
  profile: InstitutionProfile,
  today: string,
  registered: string,
  staff: Staff,
  achievements: readonly Achievement[],
  intentions: readonly Intention[],
  procedures: WorldProcedure[],
): WorldPlan[] {
  const currentYear = yearOf(today);
  const lastActive = staff.lastActive;
  if (!lastActive) return [];
  const workFrom = maxDate(registered, staff.firstActive ?? registered);
  const plans = new Map<number, WorldPlan>();
  if (profile.earlierPlans) {
    for (let y = yearOf(addDays(workFrom, 30)); y < currentYear; y++) {
      const plan = approvedPlan(rng, inst, profile, y, today, staff, workFrom);
      if (plan) plans.set(y, plan);
    }
  }
  if (profile.currentPlan) {
    // From October on, the plan still under review is next year's; this year's was approved early in the year.
    const pendingYear = profile.currentPlan !== 'approved' && Number(today.slice(5, 7)) >= 10 ? currentYear + 1 : currentYear;
    const approved =
      profile.currentPlan === 'approved' || pendingYear > currentYear
        ? approvedPlan(rng, inst, profile, currentYear, today, staff, workFrom)
        : null;
    if (approved) plans.set(currentYear, approved);
    if (profile.currentPlan !== 'approved') {
      const plan = pendingPlan(rng, inst, profile, pendingYear, profile.currentPlan, today, staff);
      if (plan) plans.set(pendingYear, plan);
    }
  }
  if (!plans.size) return [];

  const inYear = (due: string, y: number) => minDate(maxDate(due, `${y}-01-15`), `${y}-12-15`);
  const completed = new Map<number, WorldMilestone[]>();
  for (const a of [...achievements].sort((x, y) => (x.date < y.date ? -1 : 1))) {
    if (!rng.chance(0.8)) continue;
    // Diligent institutions mostly finish before the date they promised; the others often after it, less and less so
    // as they learn to plan (a later achievement was promised with more realistic room).
    const [early, slack] = { diligent: [-20, 45], late: [-45, 25], spotty: [-40, 30], silent: [-40, 30] }[profile.reporting];
    const learnt = Math.round(35 * progressOf(registered, today, a.date));
    let due = addDays(a.date, rng.int(early, slack) + learnt);
    let y = yearOf(due);
    if (!plans.has(y)) y = yearOf(a.date);
    if (!plans.has(y)) continue;
    due = inYear(due, y);
    const list = completed.get(y) ?? [];
    list.push({
      procedureCode: a.procedureCode,
      kind: a.kind,
      target: cut(a.target),
      dueDate: due,
      status: 'completed',
      completedOn: a.date,
      completedLate: a.date > due,
      evidence: a.evidence,
      createdAt: plans.get(y)!.createdAt,
      updatedAt: at(a.date, 16),
    });
    completed.set(y, list);
  }
  for (const [y, list] of completed) plans.get(y)!.milestones.push(...(list.length > 14 ? rng.sample(list, 14) : list));

  const open = new Map<number, number>();
  // What is still open is mostly promised for the months ahead; the less diligent (and those nobody works at) let more of it lapse.
  const overdueDays = lastActive < today ? 110 : { diligent: 30, late: 60, spotty: 75, silent: 110 }[profile.reporting];
  for (const i of intentions) {
    let due = addDays(today, rng.int(-overdueDays, 190));
    let y = yearOf(due);
    if (!plans.has(y)) {
      if (!plans.has(currentYear)) continue;
      y = currentYear;
    }
    if ((open.get(y) ?? 0) >= 8) continue;
    due = inYear(due, y);
    const plan = plans.get(y)!;
    // Work starts on a milestone only while someone at the institution is there to start it.
    const status = rng.chance(0.1) ? 'cancelled' : lastActive === today && rng.chance(0.45) ? 'in_progress' : 'pending';
    plan.milestones.push({
      procedureCode: i.procedureCode,
      kind: i.kind,
      target: cut(i.target),
      dueDate: due,
      status,
      completedOn: null,
      completedLate: null,
      evidence: null,
      createdAt: plan.createdAt,
      updatedAt:
        status === 'pending' ? plan.createdAt : at(minDate(addDays(today, -1), maxDate(dayOf(plan.createdAt), addDays(due, -30))), 11),
    });
    open.set(y, (open.get(y) ?? 0) + 1);
    if (i.action && status !== 'cancelled' && rng.chance(0.35)) {
      procedures.find((p) => p.code === i.procedureCode)?.actions.push({ ...i.action, implementedOn: null, createdAt: plan.createdAt });
    }
  }

  for (const [y, plan] of plans) {
    for (const target of rng.sample(TEXT.OTHER_MILESTONES, rng.int(1, 2))) {
      const due = addDays(`${y}-02-15`, rng.int(0, 300));
      const doneOn = minDate(addDays(due, rng.int(-20, 25)), addDays(today, -1));
      const done = due < today && doneOn <= lastActive && doneOn >= dayOf(plan.createdAt) && rng.chance(0.7);
      plan.milestones.push({
        procedureCode: null,
        kind: 'other',
        target,
        dueDate: due,
        status: done ? 'completed' : due < today || lastActive < today || rng.chance(0.5) ? 'pending' : 'in_progress',
        completedOn: done ? doneOn : null,
        completedLate: done ? doneOn > due : null,
        evidence: done ? 'Informe de avance con listas de asistencia y evidencias fotográficas' : null,
        createdAt: plan.createdAt,
        updatedAt: done ? at(doneOn, 16) : plan.createdAt,
      });
    }
    plan.milestones.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  }
  return [...plans.values()].sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1));
}

const cut = (text: string) => (text.length <= 300 ? text : `${text.slice(0, 299)}…`);

function planShell(inst: DemoInstitution, profile: InstitutionProfile, year: number, createdOn: string, budgetShare: number): WorldPlan {
  return {
    title: `Plan de simplificación de trámites ${year} — ${inst.name}`.slice(0, 120),
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    status: 'draft',
    budgetGtq: Math.round((profile.budgetGtq * budgetShare) / 1000) * 1000,
    approvalAct: null,
    submittedAt: null,
    approvedAt: null,
    approvedBy: null,
    reviewComment: null,
    createdAt: at(createdOn, 10),
    updatedAt: at(createdOn, 10),
    milestones: [],
  };
}

/** Submitted early in its year (or soon after the inventory, for the first one), approved two or three weeks later. */
function approvedPlan(
  rng: Rng,
  inst: DemoInstitution,
  profile: InstitutionProfile,
  year: number,
  today: string,
  staff: Staff,
  workFrom: string,
): WorldPlan | null {
  const submitted = minDate(maxDate(addDays(`${year}-01-10`, rng.int(0, 35)), addDays(workFrom, rng.int(10, 30))), addDays(today, -12));
  const approved = minDate(addDays(submitted, rng.int(7, 25)), addDays(today, -1));
  if (!staff.submitterOn(submitted)) return null;
  const plan = planShell(inst, profile, year, addDays(submitted, -rng.int(10, 30)), year === yearOf(today) ? 1 : 0.85);
  return {
    ...plan,
    status: 'approved',
    submittedAt: at(submitted, 11),
    approvedAt: at(approved, 16),
    approvedBy: staff.reviewer,
    approvalAct: `${profile.act} ${rng.int(12, 320)}-${yearOf(approved)}`,
    updatedAt: at(approved, 16),
  };
}

function pendingPlan(
  rng: Rng,
  inst: DemoInstitution,
  profile: InstitutionProfile,
  year: number,
  status: 'draft' | 'submitted' | 'returned',
  today: string,
  staff: Staff,
): WorldPlan | null {
  if (status === 'draft') {
    const created = addDays(today, -rng.int(15, 60));
    return staff.submitterOn(created) ? planShell(inst, profile, year, created, 1) : null;
  }
  const submitted = addDays(today, status === 'submitted' ? -rng.int(5, 25) : -rng.int(30, 60));
  if (!staff.submitterOn(submitted)) return null;
  const plan = planShell(inst, profile, year, addDays(submitted, -rng.int(20, 60)), 1);
  if (status === 'submitted') return { ...plan, status: 'submitted', submittedAt: at(submitted, 11), updatedAt: at(submitted, 11) };
  const returned = addDays(submitted, rng.int(7, 20));
  return {
    ...plan,
    status: 'draft',
    submittedAt: at(submitted, 11),
    reviewComment: rng.pick(TEXT.PLAN_RETURN_COMMENTS),
    updatedAt: at(returned, 15),
  };
}

// --- quarterly reports ---------------------------------------------------------------------------------------------

function buildReports(
  rng: Rng,
  profile: InstitutionProfile,
  today: string,
  registered: string,
  staff: Staff,
  achievements: readonly Achievement[],
  plans: readonly WorldPlan[],
): WorldReport[] {
  if (!staff.lastActive || profile.reporting === 'silent') return [];
  const reports: WorldReport[] = [];
  let { year, quarter } = quarterOf(addDays(registered, 45));
  let index = 0;
  while (reportDueDate(year, quarter) <= today) {
    const due = reportDueDate(year, quarter);
    const behaviour = reportBehaviour(rng, profile.reporting, progressOf(registered, today, due));
    const submittedOn = behaviour === 'on_time' ? addDays(due, -rng.int(0, 9)) : behaviour === 'late' ? addDays(due, rng.int(3, 45)) : null;
    const submitter = submittedOn && submittedOn < today ? staff.submitterOn(submittedOn) : null;
    if (submittedOn && submitter) {
      const reviewedOn = addDays(submittedOn, rng.int(4, 18));
      // A late report of the latest quarter due still waits in the analyst's queue.
      const latestDue = reportDueDate(...nextQuarter(year, quarter)) > today;
      const reviewed = reviewedOn < addDays(today, -1) && !(latestDue && behaviour === 'late');
      const returned = reviewed && (profile.reporting === 'diligent' ? index === 1 : rng.chance(0.15));
      reports.push({
        year,
        quarter,
        content: TEXT.reportContent(
          year,
          quarter,
          achievements.filter((a) => a.date >= quarterStart(year, quarter) && a.date <= quarterEnd(year, quarter)),
          openMilestonesAfter(plans, quarterEnd(year, quarter)),
        ),
        submittedAt: stamp(rng, submittedOn),
        submittedBy: submitter,
        status: !reviewed ? 'submitted' : returned ? 'returned' : 'accepted',
        reviewedAt: reviewed ? stamp(rng, reviewedOn) : null,
        reviewedBy: reviewed ? staff.reviewer : null,
        reviewComment: returned
          ? rng.pick(TEXT.REPORT_RETURN_COMMENTS)
          : reviewed && rng.chance(0.3)
            ? rng.pick(TEXT.REPORT_ACCEPT_COMMENTS)
            : null,
      });
      index++;
    }
    [year, quarter] = nextQuarter(year, quarter);
  }
  return reports;
}

const nextQuarter = (year: number, quarter: number): [number, number] => (quarter === 4 ? [year + 1, 1] : [year, quarter + 1]);

/** On time, late or missing: the late and the spotty get more punctual over the period (`progress`: 0 at registration, 1 today). */
function reportBehaviour(rng: Rng, reporting: InstitutionProfile['reporting'], progress: number): 'on_time' | 'late' | 'missing' {
  const [from, to] = {
    diligent: [
      [85, 15, 0],
      [85, 15, 0],
    ],
    late: [
      [35, 55, 10],
      [80, 20, 0],
    ],
    spotty: [
      [25, 35, 40],
      [60, 25, 15],
    ],
    silent: [
      [0, 0, 1],
      [0, 0, 1],
    ],
  }[reporting];
  return (['on_time', 'late', 'missing'] as const)[rng.weighted(from.map((w, i) => w + (to[i] - w) * progress))];
}

/** How far `day` is from `registered` (0) to `today` (1), clamped. */
function progressOf(registered: string, today: string, day: string): number {
  const span = daysBetween(registered, today);
  return span <= 0 ? 1 : Math.min(1, Math.max(0, daysBetween(registered, day) / span));
}

function openMilestonesAfter(plans: readonly WorldPlan[], day: string): number {
  return plans
    .flatMap((p) => p.milestones)
    .filter((m) => m.dueDate > day && (m.completedOn === null || m.completedOn > day) && m.status !== 'cancelled').length;
}
