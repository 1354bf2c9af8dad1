import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { ReminderEvaluator } from './reminder-evaluator';

/**
 * Worker boot: queue delivery of whatever the outbox still holds as pending (jobs lost with a Redis flush, an evaluation
 * that committed just before a crash, the demo data's reminders). Job ids come from the rows, so nothing is queued twice.
 * It does not evaluate the rules: reminders go out at the scheduled hour, not whenever a worker restarts.
 */
@Injectable()
export class ReminderCatchUp implements OnApplicationBootstrap {
  constructor(private readonly evaluator: ReminderEvaluator) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.evaluator.enqueuePending(todayInGuatemala());
  }
}
