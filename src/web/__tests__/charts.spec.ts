import { barChart, gauge, sparkline, trendChart } from '../charts/charts';

describe('server-rendered SVG charts', () => {
  it('draws bars in proportion, with a title, a description and every text escaped', () => {
    const c = barChart('Niveles <b>', 'Resumen & más', [
      { label: 'A<script>', value: 10, valueText: '10' },
      { label: 'B', value: 5, valueText: '5' },
    ]);
    expect(c.svg).toContain('role="img"');
    expect(c.svg).toMatch(/<title id="bars-[a-z0-9]+-t">Niveles &lt;b&gt;<\/title>/);
    expect(c.svg).toContain('Resumen &amp; más');
    expect(c.svg).not.toContain('<script>');
    const widths = [...c.svg.matchAll(/class="sf-chart__bar" x="\d+" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([230, 115]);
    expect(c.svg).not.toMatch(/style=/);
  });

  it('draws a trend from the first to the last date, clamped to the scale', () => {
    const c = trendChart('T', 'S', [
      { date: '2026-01-01', value: 0 },
      { date: '2026-12-31', value: 150 },
    ]);
    expect(c.svg).toMatch(/d="M34 172L548 10"/);
    expect(c.svg).toContain('ene 26');
    expect(c.svg).toContain('dic 26');
    expect(trendChart('T', 'S', []).svg).not.toContain('sf-chart__line');
  });

  it('fills the gauge in proportion to the score and says «sin dato» when there is none', () => {
    expect(gauge('G', 50).svg).toContain('A80 80 0 0 1 100 20');
    expect(gauge('G', 72.46).summary).toBe('Puntuación 72.5 de 100.');
    expect(gauge('G', null).svg).toContain('sin dato');
    expect(gauge('G', null).svg).not.toContain('sf-chart__arc"');
  });

  it('summarises a sparkline in words', () => {
    expect(sparkline('S', [3, 5, 8]).summary).toBe('De 3 a 8 en 3 mediciones.');
  });
});
