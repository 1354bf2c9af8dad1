/** Every BullMQ queue, named once. */
export enum QueueName {
  Mail = 'mail',
  Maintenance = 'maintenance',
  Scoring = 'scoring',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
