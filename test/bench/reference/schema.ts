/* Vendored from shared/baselines/sql/schema.sql (the reference harness), as a string. */
export const REFERENCE_SCHEMA_SQL = `
-- National-scale scoring schema (database \`baseline\`). Recreated by sql/run.js before each fill.
DROP TABLE IF EXISTS score_snapshots, milestones, requirements, procedures, institutions CASCADE;

CREATE TABLE institutions (
  id int NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  type text NOT NULL
);

CREATE TABLE procedures (
  id int NOT NULL,
  institution_id int NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  status text NOT NULL,              -- vigente / eliminado / fusionado
  level smallint NOT NULL,           -- current maturity level 0..5
  target_level smallint NOT NULL,    -- 1..5
  legal_days int,                    -- legal maximum resolution days (NULL = unknown)
  actual_days int,                   -- actual median resolution days (NULL = unknown)
  annual_volume int,                 -- applications per year (NULL = unknown)
  last_reviewed date,
  fee numeric(12,2) NOT NULL,
  visits smallint NOT NULL
);

CREATE TABLE requirements (
  id bigint NOT NULL,
  procedure_id int NOT NULL,
  institution_id int NOT NULL,
  name text NOT NULL,
  legal_basis_type text NOT NULL,    -- ley / acuerdo_gubernativo / otra_norma / ninguna
  prohibited boolean NOT NULL,
  status text NOT NULL               -- vigente / eliminado / simplificado / sustituido
);

CREATE TABLE milestones (
  id int NOT NULL,
  institution_id int NOT NULL,
  due_date date NOT NULL,
  completed_at date
);

CREATE TABLE score_snapshots (
  snapshot_date date NOT NULL,
  methodology_version int NOT NULL,
  scope text NOT NULL,               -- procedure / institution / national
  subject_id int NOT NULL,           -- procedure id, institution id, 0 for national
  institution_id int,                -- owning institution (NULL for national)
  score numeric(5,2) NOT NULL,
  weight double precision NOT NULL,  -- weight of this row in the next level's average
  components jsonb NOT NULL,
  PRIMARY KEY (snapshot_date, methodology_version, scope, subject_id)
);
CREATE INDEX score_snapshots_institution_idx ON score_snapshots (institution_id, snapshot_date);
`;
