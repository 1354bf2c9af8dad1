import Handlebars from 'handlebars';

/**
 * Charts drawn on the server as SVG: no script, no inline style (the pages' CSP forbids both), colours from
 * presentation attributes and the stylesheet's classes. Every chart has a title and a description inside the
 * SVG (role="img"); the page shows its text equivalent (a table or a sentence) next to it. Pure functions.
 */
export interface Chart {
  /** SVG markup; every text in it is escaped. */
  svg: string;
  title: string;
  /** One sentence that says what the chart shows. */
  summary: string;
}

const esc = (s: string): string => Handlebars.escapeExpression(s);
const num = (x: number): string => (Math.round(x * 10) / 10).toString();
let chartSeq = 0;
const nextId = (prefix: string): string => `${prefix}-${(++chartSeq).toString(36)}`;

function frame(kind: string, width: number, height: number, title: string, summary: string, content: string): string {
  const id = nextId(kind);
  return (
    `<svg class="sf-chart sf-chart--${kind}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(summary)}</desc>${content}</svg>`
  );
}

export interface Bar {
  label: string;
  value: number;
  /** The value as a person reads it ("35 %", "1,204"). */
  valueText: string;
}

/** Horizontal bars, one per row, labels on the left: readable on a phone, printable. */
export function barChart(title: string, summary: string, bars: Bar[], max = Math.max(1, ...bars.map((b) => b.value))): Chart {
  const rowH = 28;
  const labelW = 170;
  const barW = 230;
  const width = labelW + barW + 70;
  const height = Math.max(rowH, bars.length * rowH) + 4;
  const rows = bars
    .map((b, i) => {
      const y = i * rowH + 2;
      const w = max > 0 ? Math.max(0, Math.min(1, b.value / max)) * barW : 0;
      return (
        `<text class="sf-chart__label" x="${labelW - 8}" y="${y + 18}" text-anchor="end">${esc(b.label)}</text>` +
        `<rect class="sf-chart__track" x="${labelW}" y="${y + 5}" width="${barW}" height="16" rx="2"/>` +
        `<rect class="sf-chart__bar" x="${labelW}" y="${y + 5}" width="${num(w)}" height="16" rx="2"/>` +
        `<text class="sf-chart__value" x="${labelW + barW + 6}" y="${y + 18}">${esc(b.valueText)}</text>`
      );
    })
    .join('');
  return { svg: frame('bars', width, height, title, summary, rows), title, summary };
}

export interface Point {
  /** YYYY-MM-DD */
  date: string;
  value: number;
}

const MONTHS_SHORT = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];
const shortDate = (d: string): string => `${MONTHS_SHORT[Number(d.slice(5, 7)) - 1]} ${d.slice(2, 4)}`;
const dayNumber = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** A score (0–100) over time: line and area, horizontal guides at 0, 50 and 100, first and last dates. */
export function trendChart(title: string, summary: string, points: Point[], min = 0, max = 100): Chart {
  const width = 560;
  const height = 200;
  const left = 34;
  const right = 12;
  const top = 10;
  const bottom = 28;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const y = (v: number) => top + plotH - ((Math.max(min, Math.min(max, v)) - min) / (max - min || 1)) * plotH;
  const first = points.length ? dayNumber(points[0].date) : 0;
  const span = points.length > 1 ? dayNumber(points[points.length - 1].date) - first : 0;
  const x = (d: string) => left + (span > 0 ? ((dayNumber(d) - first) / span) * plotW : plotW / 2);
  const guides = [min, (min + max) / 2, max]
    .map(
      (g) =>
        `<line class="sf-chart__grid" x1="${left}" x2="${width - right}" y1="${num(y(g))}" y2="${num(y(g))}"/><text class="sf-chart__axis" x="${left - 6}" y="${num(y(g) + 4)}" text-anchor="end">${num(g)}</text>`,
    )
    .join('');
  let content = guides;
  if (points.length) {
    const line = points.map((p, i) => `${i ? 'L' : 'M'}${num(x(p.date))} ${num(y(p.value))}`).join('');
    const area = `${line}L${num(x(points[points.length - 1].date))} ${num(y(min))}L${num(x(points[0].date))} ${num(y(min))}Z`;
    const last = points[points.length - 1];
    content +=
      `<path class="sf-chart__area" d="${area}"/><path class="sf-chart__line" d="${line}" fill="none"/>` +
      `<circle class="sf-chart__dot" cx="${num(x(last.date))}" cy="${num(y(last.value))}" r="4"/>` +
      `<text class="sf-chart__axis" x="${left}" y="${height - 8}">${esc(shortDate(points[0].date))}</text>` +
      (points.length > 1
        ? `<text class="sf-chart__axis" x="${width - right}" y="${height - 8}" text-anchor="end">${esc(shortDate(last.date))}</text>`
        : '');
  }
  return { svg: frame('trend', width, height, title, summary, content), title, summary };
}

/** A tiny line for a figure's history (decorative next to its number; the number is the information). */
export function sparkline(title: string, values: number[]): Chart {
  const width = 120;
  const height = 32;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const y = (v: number) => (hi === lo ? height / 2 : 3 + (1 - (v - lo) / (hi - lo)) * (height - 6));
  const x = (i: number) => (values.length > 1 ? 2 + (i / (values.length - 1)) * (width - 4) : width / 2);
  const path = values.map((v, i) => `${i ? 'L' : 'M'}${num(x(i))} ${num(y(v))}`).join('');
  const summary = values.length
    ? `De ${values[0].toLocaleString('es-GT')} a ${values[values.length - 1].toLocaleString('es-GT')} en ${values.length} mediciones.`
    : 'Sin mediciones.';
  const content = values.length ? `<path class="sf-chart__spark" d="${path}" fill="none"/>` : '';
  return { svg: frame('spark', width, height, title, summary, content), title, summary };
}

/** A score gauge: a half ring filled in proportion to the score (0–100), the number in its middle. */
export function gauge(title: string, score: number | null): Chart {
  const width = 200;
  const height = 120;
  const cx = 100;
  const cy = 100;
  const r = 80;
  const arc = (fraction: number) => {
    const angle = Math.PI * (1 - fraction);
    const ex = cx + r * Math.cos(angle);
    const ey = cy - r * Math.sin(angle);
    return `M${cx - r} ${cy}A${r} ${r} 0 0 1 ${num(ex)} ${num(ey)}`;
  };
  const known = score !== null && Number.isFinite(score);
  const f = known ? Math.max(0, Math.min(1, (score as number) / 100)) : 0;
  const text = known ? num(score as number) : 'sin dato';
  const summary = known ? `Puntuación ${text} de 100.` : 'Sin puntuación.';
  const content =
    `<path class="sf-chart__track-arc" d="${arc(1)}" fill="none"/>` +
    (known && f > 0 ? `<path class="sf-chart__arc" d="${arc(f)}" fill="none"/>` : '') +
    `<text class="sf-chart__gauge-value" x="${cx}" y="${cy - 8}" text-anchor="middle">${esc(text)}</text>` +
    `<text class="sf-chart__axis" x="${cx}" y="${cy + 14}" text-anchor="middle">de 100</text>`;
  return { svg: frame('gauge', width, height, title, summary, content), title, summary };
}
