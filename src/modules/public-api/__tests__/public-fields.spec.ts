import 'reflect-metadata';
import { PublicProcedure, PublicProcedureDetail, PublicRequirement } from '../dto/public-response.dto';
import { CSV_DATASETS } from '../public-export.service';
import { PublicProcedureRow, toPublicProcedure } from '../public-procedure.sql';
import { PUBLIC_PROCEDURE_FIELDS, PUBLIC_RECORD_KEYS, PUBLIC_REQUIREMENT_FIELDS } from '../public-fields';

/** The properties a response class declares in the OpenAPI document (inherited ones included). */
const schemaKeys = (cls: object): string[] =>
  ((Reflect.getMetadata('swagger/apiModelPropertiesArray', (cls as { prototype: object }).prototype) as string[]) ?? []).map((k) =>
    k.replace(/^:/, ''),
  );
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Nested parts of the procedure detail, each published from its own source (requirements, scores, findings, the filtered change log). */
const DETAIL_SECTIONS = ['requirements', 'maturity', 'score', 'burden', 'findings', 'changes'];

describe('one allow-list of public fields', () => {
  const procedure = new Set<string>([...PUBLIC_PROCEDURE_FIELDS, ...PUBLIC_RECORD_KEYS]);
  const requirement = new Set<string>([...PUBLIC_REQUIREMENT_FIELDS, ...PUBLIC_RECORD_KEYS]);

  it('the public procedure schemas publish only allow-listed fields', () => {
    const keys = [...schemaKeys(PublicProcedure), ...schemaKeys(PublicProcedureDetail)].filter((k) => !DETAIL_SECTIONS.includes(k));
    expect(keys.length).toBeGreaterThan(15);
    expect(keys.filter((k) => !procedure.has(k))).toEqual([]);
  });

  it('the public requirement schema publishes only allow-listed fields', () => {
    const keys = schemaKeys(PublicRequirement);
    expect(keys.length).toBeGreaterThan(8);
    expect(keys.filter((k) => !requirement.has(k))).toEqual([]);
  });

  it('the JSON mapping (list, detail, procedures.json) publishes only allow-listed fields', () => {
    expect(Object.keys(toPublicProcedure({} as PublicProcedureRow)).filter((k) => !procedure.has(k))).toEqual([]);
  });

  it('every CSV column of procedures.csv and requirements.csv is an allow-listed field', () => {
    const columns = (name: keyof typeof CSV_DATASETS) => CSV_DATASETS[name].map(([header]) => camel(header));
    expect(columns('procedures.csv').filter((c) => !procedure.has(c))).toEqual([]);
    expect(columns('requirements.csv').filter((c) => !requirement.has(c))).toEqual([]);
  });
});
