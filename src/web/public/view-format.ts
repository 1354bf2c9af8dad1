import { format } from '../../common/views/handlebars-setup';
import type { PublicMaturityModel } from '../../modules/public-api/dto/public-response.dto';

export { format };

/** "Nivel 4 · En línea completo" (the active scale's name when known). */
export function levelText(model: PublicMaturityModel | null, level: number | null): string {
  if (level === null || level === undefined) return 'sin dato';
  const name = model?.levels.find((l) => l.level === level)?.name;
  return name ? `Nivel ${level} · ${name}` : `Nivel ${level}`;
}

/** A score as text with one decimal ("72.5"), or "sin puntuación". */
export const scoreText = (score: string | number | null | undefined): string =>
  score === null || score === undefined ? 'sin puntuación' : format.decimal(Number(score));

/** The direction of a change of score, as an arrow (decorative) and words a screen reader says. */
export function changeOf(change: string | number | null): { arrow: string; text: string; direction: 'up' | 'down' | 'flat' | 'none' } {
  if (change === null || change === undefined) return { arrow: '', text: 'sin historial', direction: 'none' };
  const c = Number(change);
  if (Math.abs(c) < 0.05) return { arrow: '→', text: 'sin cambio', direction: 'flat' };
  return c > 0
    ? { arrow: '▲', text: `sube ${format.decimal(c)}`, direction: 'up' }
    : { arrow: '▼', text: `baja ${format.decimal(-c)}`, direction: 'down' };
}

/** A query string from the non-empty values, for links that keep the current filters. */
export function queryString(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Up to `n` points spread over a series, always keeping the last (a short table as a chart's text equivalent). */
export function sample<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const step = (items.length - 1) / (n - 1);
  return Array.from({ length: n }, (_, i) => items[Math.round(i * step)]);
}

/** A JSON object's number, or null when it is absent (unknown is not zero). */
export const numberAt = (obj: unknown, ...path: string[]): number | null => {
  let v: unknown = obj;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return typeof v === 'number' && Number.isFinite(v)
    ? v
    : v !== null && v !== undefined && v !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null;
};
