/** Every BullMQ queue, named once. */
export enum QueueName {
  Mail = 'mail',
  Maintenance = 'maintenance',
  Imports = 'imports',
  Scoring = 'scoring',
  Reminders = 'reminders',
  Webhooks = 'webhooks',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
