import type { Coverage, InstitutionType } from '../../modules/institutions/entities/institution.entity';

export interface DemoInstitution {
  code: string;
  name: string;
  type: InstitutionType;
  coverage: Coverage;
  sector: string;
  website: string;
  optedInAt?: string;
  adhesionAct?: string;
}

const ministry = (code: string, name: string, sector: string, website: string): DemoInstitution => ({
  code, name, type: 'ministry', coverage: 'bound', sector, website,
});
const secretariat = (code: string, name: string, sector: string, website: string): DemoInstitution => ({
  code, name, type: 'secretariat', coverage: 'bound', sector, website,
});

/** The 14 ministries of the Executive, a few secretariats (bound by Art. 2) and one municipality that opted in. */
export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  ministry('MAGA', 'Ministerio de Agricultura, Ganadería y Alimentación', 'Agricultura', 'https://www.maga.gob.gt'),
  ministry('MARN', 'Ministerio de Ambiente y Recursos Naturales', 'Ambiente', 'https://www.marn.gob.gt'),
  ministry('CIV', 'Ministerio de Comunicaciones, Infraestructura y Vivienda', 'Infraestructura', 'https://www.civ.gob.gt'),
  ministry('MCD', 'Ministerio de Cultura y Deportes', 'Cultura', 'https://mcd.gob.gt'),
  ministry('MINDEF', 'Ministerio de la Defensa Nacional', 'Defensa', 'https://www.mindef.mil.gt'),
  ministry('MIDES', 'Ministerio de Desarrollo Social', 'Desarrollo social', 'https://www.mides.gob.gt'),
  ministry('MINECO', 'Ministerio de Economía', 'Economía', 'https://www.mineco.gob.gt'),
  ministry('MINEDUC', 'Ministerio de Educación', 'Educación', 'https://www.mineduc.gob.gt'),
  ministry('MEM', 'Ministerio de Energía y Minas', 'Energía', 'https://www.mem.gob.gt'),
  ministry('MINFIN', 'Ministerio de Finanzas Públicas', 'Finanzas', 'https://www.minfin.gob.gt'),
  ministry('MINGOB', 'Ministerio de Gobernación', 'Seguridad', 'https://mingob.gob.gt'),
  ministry('MINEX', 'Ministerio de Relaciones Exteriores', 'Relaciones exteriores', 'https://www.minex.gob.gt'),
  ministry('MSPAS', 'Ministerio de Salud Pública y Asistencia Social', 'Salud', 'https://www.mspas.gob.gt'),
  ministry('MINTRAB', 'Ministerio de Trabajo y Previsión Social', 'Trabajo', 'https://www.mintrabajo.gob.gt'),
  secretariat('SEGEPLAN', 'Secretaría de Planificación y Programación de la Presidencia', 'Planificación', 'https://www.segeplan.gob.gt'),
  secretariat('SCSP', 'Secretaría de Comunicación Social de la Presidencia', 'Comunicación', 'https://www.scspr.gob.gt'),
  secretariat('SBS', 'Secretaría de Bienestar Social de la Presidencia', 'Bienestar social', 'https://www.sbs.gob.gt'),
  secretariat('SENACYT', 'Secretaría Nacional de Ciencia y Tecnología', 'Ciencia y tecnología', 'https://www.senacyt.gob.gt'),
  {
    code: 'MUNIGUATE', name: 'Municipalidad de Guatemala', type: 'municipality', coverage: 'opted_in', sector: 'Gobierno local',
    website: 'https://www.muniguate.com', optedInAt: '2022-03-15', adhesionAct: 'Acuerdo del Concejo Municipal COM-012-2022 (demostración)',
  },
];

export const DEMO_PASSWORD = 'Simplifica-Demo-2026';

export const DEMO_USERS = [
  { email: 'admin@demo.simplifica.gt', name: 'Ana Lucía Morales', role: 'admin', institution: null },
  { email: 'analista@demo.simplifica.gt', name: 'Carlos Enrique Ajú', role: 'analyst', institution: null },
  { email: 'admin.mineco@demo.simplifica.gt', name: 'Sofía Hernández', role: 'institution_admin', institution: 'MINECO' },
  { email: 'enlace.mineco@demo.simplifica.gt', name: 'José Miguel Castillo', role: 'liaison', institution: 'MINECO' },
  { email: 'enlace.maga@demo.simplifica.gt', name: 'Rosa María Xicará', role: 'liaison', institution: 'MAGA' },
  { email: 'enlace.mspas@demo.simplifica.gt', name: 'Ana Gabriela Chen', role: 'liaison', institution: 'MSPAS' },
  { email: 'enlace.muniguate@demo.simplifica.gt', name: 'Luis Fernando Pop', role: 'liaison', institution: 'MUNIGUATE' },
] as const;
