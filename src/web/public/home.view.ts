import { entries, label, labelCap } from '../../common/glossary/glossary';
import { RankingSort, PublicRankingQuery } from '../../modules/public-api/dto/public-query.dto';
import type { PublicIndicators, PublicMethodology, PublicRanking } from '../../modules/public-api/dto/public-response.dto';
import { barChart, gauge, sparkline, trendChart } from '../charts/charts';
import { errorList, FieldErrors, selectField } from '../forms/form-fields';
import { changeOf, format, levelText, numberAt, queryString, sample, scoreText } from './view-format';

const SORTS: Array<{ value: RankingSort; text: string }> = [
  { value: 'score', text: 'Puntuación (mayor primero)' },
  { value: 'name', text: 'Nombre (A–Z)' },
  { value: 'change', text: 'Mayor avance en 30 días' },
  { value: 'procedures', text: 'Más trámites registrados' },
  { value: 'online', text: 'Mayor proporción en línea' },
];

/** One national figure: the number, what it counts, what it means, and its history when the series has it. */
function figure(value: string, what: string, meaning: string, anchor: string, history: Array<number | null> | null) {
  const known = (history ?? []).filter((v): v is number => v !== null);
  return {
    value,
    what,
    meaning,
    href: `/transparencia/metodologia#${anchor}`,
    spark: known.length > 1 ? sparkline(`Evolución: ${what}`, known) : null,
  };
}

/** The home page's model: national figures, score trend, levels, and the ranking with its filters. */
export function homeView(
  indicators: PublicIndicators,
  ranking: PublicRanking,
  methodology: PublicMethodology | null,
  query: PublicRankingQuery,
  errors: FieldErrors,
) {
  const ind = indicators.indicators;
  const series = indicators.series;
  const hist = (...path: string[]) => series.map((s) => numberAt(s.indicators, ...path));
  const registered = numberAt(ind, 'procedures', 'registered');
  const online = numberAt(ind, 'procedures', 'online');
  const figures = [
    figure(
      format.integer(registered),
      'trámites registrados',
      'Trámites vigentes que las instituciones publican en su inventario.',
      'indicadores',
      hist('procedures', 'registered'),
    ),
    figure(
      format.integer(online),
      'trámites completamente en línea',
      `Nivel 4 o más de madurez digital: se hacen de principio a fin sin visitar una oficina${registered ? ` (${format.percent((online ?? 0) / registered)} del total)` : ''}.`,
      'madurez',
      hist('procedures', 'online'),
    ),
    figure(
      format.integer(numberAt(ind, 'requirements', 'eliminatedSinceBaseline')),
      'requisitos eliminados',
      'Requisitos que se dejaron de pedir desde la línea base de cada trámite.',
      'indicadores',
      hist('requirements', 'eliminatedSinceBaseline'),
    ),
    figure(
      format.integer(numberAt(ind, 'requirements', 'prohibitedActive')),
      'requisitos prohibidos aún exigidos',
      'Prácticas que la ley prohíbe (declaraciones juradas, firmas legalizadas…) y que todavía se piden.',
      'prohibidos',
      hist('requirements', 'prohibitedActive'),
    ),
    figure(
      format.integer(numberAt(indicators.burden, 'savingsHours')),
      'horas ahorradas al año',
      'Tiempo que personas y empresas dejan de invertir cada año frente a la línea base.',
      'carga',
      null,
    ),
    figure(
      format.gtq(numberAt(indicators.burden, 'savingsGtq')),
      'ahorrados al año',
      'Costo (tarifas, tiempo, visitas y espera) que personas y empresas dejan de pagar cada año.',
      'carga',
      null,
    ),
  ];

  const points = series.map((s) => ({ date: s.date, value: Number(s.score) }));
  const score = indicators.current ? Number(indicators.current.score) : null;
  const trendSummary =
    points.length > 1
      ? `La puntuación nacional pasó de ${format.decimal(points[0].value)} el ${format.date(points[0].date)} a ${format.decimal(points[points.length - 1].value)} el ${format.date(points[points.length - 1].date)}.`
      : 'Aún no hay una serie de mediciones nacionales.';

  const levels = Object.entries((ind?.levels ?? {}) as Record<string, number>)
    .map(([level, n]) => ({ level: Number(level), n }))
    .sort((a, b) => a.level - b.level);
  const levelTotal = levels.reduce((s, l) => s + l.n, 0);
  const model = methodology?.maturityModel ?? null;
  const levelRows = (model?.levels.map((l) => l.level) ?? levels.map((l) => l.level)).map((level) => {
    const n = levels.find((l) => l.level === level)?.n ?? 0;
    return { label: levelText(model, level), n, nText: format.integer(n), share: levelTotal ? format.percent(n / levelTotal) : 'sin dato' };
  });

  const filters = { type: query.type, coverage: query.coverage, sector: query.sector };
  const sort = query.sort ?? 'score';
  const fields = [
    selectField(
      'type',
      'Tipo de institución',
      entries('institutionType').map((e) => ({ value: e.code, text: labelCap('institutionType', e.code) })),
      query.type,
      errors,
      { any: 'Todos los tipos' },
    ),
    selectField(
      'coverage',
      'Cobertura de la ley',
      entries('coverage').map((e) => ({ value: e.code, text: labelCap('coverage', e.code) })),
      query.coverage,
      errors,
      { any: 'Todas' },
    ),
    selectField(
      'sector',
      'Sector',
      ranking.sectors.map((s) => ({ value: s, text: s })),
      query.sector,
      errors,
      { any: 'Todos los sectores' },
    ),
    selectField('sort', 'Ordenar por', SORTS, sort, errors),
  ];
  const sortLink = (s: RankingSort) => ({
    href: `/transparencia${queryString({ ...filters, sort: s === 'score' ? undefined : s })}#ranking`,
    current: sort === s,
  });

  return {
    asOf: indicators.current ? format.date(indicators.current.date) : null,
    figures,
    nationalScore: {
      text: scoreText(score),
      gauge: gauge('Puntuación nacional', score),
      methodologyVersion: indicators.current?.methodologyVersion ?? null,
    },
    trend: {
      chart: trendChart('Puntuación nacional en el tiempo', trendSummary, points),
      rows: sample(points, 12).map((p) => ({ date: format.date(p.date), score: format.decimal(p.value) })),
    },
    levels: {
      chart: barChart(
        'Trámites por nivel de madurez digital',
        `${format.integer(levelTotal)} trámites registrados, por nivel de madurez.`,
        levelRows.map((r) => ({ label: r.label, value: r.n, valueText: r.nText })),
      ),
      rows: levelRows,
      total: format.integer(levelTotal),
    },
    ranking: {
      fields,
      errors: errorList(fields),
      filtered: Boolean(query.type || query.coverage || query.sector),
      sortLinks: {
        score: sortLink('score'),
        name: sortLink('name'),
        change: sortLink('change'),
        procedures: sortLink('procedures'),
        online: sortLink('online'),
      },
      sortLabel: SORTS.find((s) => s.value === sort)?.text.toLowerCase() ?? '',
      count: ranking.ranked.length,
      rows: ranking.ranked.map((e) => ({
        rank: e.rank,
        name: e.name,
        href: `/transparencia/instituciones/${encodeURIComponent(e.code)}`,
        type: label('institutionType', e.type),
        score: scoreText(e.score),
        change: changeOf(e.change),
        procedures: format.integer(e.procedures),
        online: e.procedures ? format.percent(e.online / e.procedures) : 'sin dato',
        prohibited: format.integer(e.prohibitedActive),
        eliminated: format.integer(e.eliminatedSinceBaseline),
      })),
      unranked: ranking.unranked.map((e) => ({
        name: e.name,
        href: `/transparencia/instituciones/${encodeURIComponent(e.code)}`,
        type: label('institutionType', e.type),
      })),
    },
  };
}
