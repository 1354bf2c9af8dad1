/* Vendored from shared/baselines/sql/fill.js (the reference harness), unchanged but for the module syntax. */
// Fill statements for the national-scale dataset, all set-based (generate_series), scaled by SCALE (1 = national).
// Procedure p belongs to institution 1 + (p-1) % 500, so every institution has 200 procedures at SCALE=1 and its
// rows are spread through the tables as with many tenants writing at once. Each procedure has 10 requirements.
export const fillSteps = (scale: number) => {
  const I = 500;
  const P = Math.round(100000 * scale);
  const R = P * 10;
  const M = Math.round(50000 * scale);
  return {
    counts: { institutions: I, procedures: P, requirements: R, milestones: M },
    steps: [
      [
        'institutions',
        `INSERT INTO institutions
        SELECT i, 'INS-' || lpad(i::text, 4, '0'), 'Institución pública ' || i,
               (ARRAY['ministerio','secretaria','municipalidad','autonoma','descentralizada'])[1 + i % 5]
        FROM generate_series(1, ${I}) i`,
      ],
      [
        'procedures',
        `INSERT INTO procedures
        SELECT p, 1 + (p - 1) % ${I}, 'TR-' || p, 'Trámite administrativo número ' || p,
               CASE WHEN random() < 0.95 THEN 'vigente' ELSE 'eliminado' END,
               lv, greatest(lv, 1 + floor(random() * 5))::smallint,
               CASE WHEN random() < 0.1 THEN NULL ELSE 5 + floor(random() * 60)::int END,
               CASE WHEN random() < 0.15 THEN NULL ELSE 1 + floor(random() * 120)::int END,
               CASE WHEN random() < 0.2 THEN NULL ELSE 1 + floor(random() * 50000)::int END,
               CASE WHEN random() < 0.05 THEN NULL ELSE current_date - floor(random() * 500)::int END,
               round((random() * 500)::numeric, 2), floor(random() * 4)::smallint
        FROM (SELECT p, floor(random() * 6)::smallint AS lv FROM generate_series(1, ${P}) p) s`,
      ],
      [
        'requirements',
        `INSERT INTO requirements
        SELECT r, pid, 1 + (pid - 1) % ${I}, 'Requisito ' || r || ' (copia de documento o constancia)',
               (ARRAY['ley','acuerdo_gubernativo','otra_norma','ninguna'])[1 + floor(random() * 4)::int],
               random() < 0.03,
               (ARRAY['vigente','vigente','vigente','vigente','vigente','vigente','vigente','eliminado','simplificado','sustituido'])[1 + floor(random() * 10)::int]
        FROM (SELECT r, 1 + ((r - 1) / 10)::int AS pid FROM generate_series(1, ${R}::bigint) r) s`,
      ],
      [
        'milestones',
        `INSERT INTO milestones
        SELECT m, 1 + (m - 1) % ${I}, d,
               CASE WHEN random() < 0.6 THEN d + (floor(random() * 60)::int - 40) END
        FROM (SELECT m, current_date - 365 + floor(random() * 730)::int AS d FROM generate_series(1, ${M}) m) s`,
      ],
      [
        'keys and indexes',
        `
        ALTER TABLE institutions ADD PRIMARY KEY (id), ADD UNIQUE (code);
        ALTER TABLE procedures ADD PRIMARY KEY (id), ADD UNIQUE (institution_id, code),
          ADD FOREIGN KEY (institution_id) REFERENCES institutions (id);
        ALTER TABLE requirements ADD PRIMARY KEY (id),
          ADD FOREIGN KEY (procedure_id) REFERENCES procedures (id),
          ADD FOREIGN KEY (institution_id) REFERENCES institutions (id);
        CREATE INDEX requirements_procedure_idx ON requirements (procedure_id);
        CREATE INDEX requirements_institution_idx ON requirements (institution_id);
        ALTER TABLE milestones ADD PRIMARY KEY (id), ADD FOREIGN KEY (institution_id) REFERENCES institutions (id);
        CREATE INDEX milestones_institution_idx ON milestones (institution_id, due_date)`,
      ],
      ['vacuum analyze', 'VACUUM ANALYZE institutions, procedures, requirements, milestones, score_snapshots'],
    ],
  };
};
