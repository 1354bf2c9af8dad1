import { CatalogProcedure } from './types';
import { CIV } from './civ';
import { MAGA } from './maga';
import { MARN } from './marn';
import { MEM } from './mem';
import { MINECO } from './mineco';
import { MINEDUC } from './mineduc';
import { MINEX } from './minex';
import { MINFIN } from './minfin';
import { MINGOB } from './mingob';
import { MINTRAB } from './mintrab';
import { MSPAS } from './mspas';
import { MUNIGUATE } from './muniguate';
import { SAT_PROCEDURES } from './sat';
import { MCD, MIDES, MINDEF, SEGEPLAN, SENACYT } from './smaller';

/** Each institution's procedures, by institution code. Institutions absent here have no inventory yet. */
export const DEMO_CATALOG: Record<string, CatalogProcedure[]> = {
  MINECO,
  MAGA,
  MSPAS,
  MARN,
  MINGOB,
  MINFIN,
  MUNIGUATE,
  MINTRAB,
  MEM,
  CIV,
  MINEDUC,
  MINEX,
  SAT: SAT_PROCEDURES,
  MCD,
  MINDEF,
  MIDES,
  SEGEPLAN,
  SENACYT,
};
