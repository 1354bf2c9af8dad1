import { AppException } from '../../../../common/errors/app.exception';
import {
  assertDueInPeriod,
  assertNotFuture,
  assertPeriod,
  assertPlanStatus,
  isOverdue,
  MilestoneFacts,
  summarisePlan,
} from '../plan-rules';

const m = (status: MilestoneFacts['status'], dueDate: string, completedLate: boolean | null = null): MilestoneFacts => ({
  status,
  dueDate,
  completedLate,
});

describe('summarisePlan', () => {
  const today = '2026-07-01';

  it('counts by status, completed on time / late as recorded, and overdue today', () => {
    const summary = summarisePlan(
      [
        m('completed', '2026-03-31', false),
        m('completed', '2026-03-31', true),
        m('completed', '2026-09-30', false),
        m('pending', '2026-06-30'), // overdue
        m('in_progress', '2026-05-15'), // overdue
        m('pending', '2026-07-01'), // due today: not overdue yet
        m('in_progress', '2026-12-31'),
        m('cancelled', '2026-01-31'), // cancelled never overdue
      ],
      today,
    );
    expect(summary).toEqual({
      total: 8,
      byStatus: { pending: 2, in_progress: 2, completed: 3, cancelled: 1 },
      completedOnTime: 2,
      completedLate: 1,
      overdue: 2,
    });
  });

  it('an empty plan has all counts at zero', () => {
    expect(summarisePlan([], today)).toEqual({
      total: 0,
      byStatus: { pending: 0, in_progress: 0, completed: 0, cancelled: 0 },
      completedOnTime: 0,
      completedLate: 0,
      overdue: 0,
    });
  });

  it('a completed milestone is never overdue, even past its due date', () => {
    expect(isOverdue(m('completed', '2020-01-01', true), today)).toBe(false);
    expect(isOverdue(m('pending', '2026-06-30'), today)).toBe(true);
  });
});

describe('plan rules', () => {
  const conflict = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      return e as AppException;
    }
    throw new Error('no lanzó');
  };

  it('a wrong-state transition is a 409 naming the current state in Spanish', () => {
    const e = conflict(() => assertPlanStatus({ status: 'approved' }, 'draft', 'enviarse'));
    expect(e.status).toBe(409);
    expect(e.message).toContain('«aprobado»');
    expect(e.message).toContain('«borrador»');
    expect(e.details).toEqual({ currentStatus: 'approved', requiredStatus: 'draft' });
    expect(() => assertPlanStatus({ status: 'draft' }, 'draft', 'enviarse')).not.toThrow();
  });

  it('periods must end after they start; milestones fall inside them; completions are not in the future', () => {
    expect(conflict(() => assertPeriod('2026-12-31', '2026-01-01')).status).toBe(400);
    expect(conflict(() => assertPeriod('2026-01-01', '2026-01-01')).status).toBe(400);
    expect(() => assertPeriod('2026-01-01', '2026-01-02')).not.toThrow();
    const plan = { periodStart: '2026-01-01', periodEnd: '2026-12-31' };
    expect(() => assertDueInPeriod(plan, '2026-01-01')).not.toThrow();
    expect(() => assertDueInPeriod(plan, '2026-12-31')).not.toThrow();
    expect(conflict(() => assertDueInPeriod(plan, '2027-01-01')).details).toEqual([{ field: 'dueDate', messages: [expect.any(String)] }]);
    expect(() => assertNotFuture('completedOn', '2026-07-01', '2026-07-01')).not.toThrow();
    expect(conflict(() => assertNotFuture('completedOn', '2026-07-02', '2026-07-01')).status).toBe(400);
  });
});
