/** Every BullMQ queue, named once. */
export enum QueueName {
  Mail = 'mail',
  Maintenance = 'maintenance',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
