import { ValueTransformer } from 'typeorm';

/** numeric ⇄ string: money stays exact end to end (pg returns numeric as string; we never parse it to a float). */
export const decimalTransformer: ValueTransformer = {
  to: (value: string | number | null | undefined) => (value === null || value === undefined ? value : String(value)),
  from: (value: string | null) => value,
};
