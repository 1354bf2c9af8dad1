import { safeReturnPath } from '../../../web/workspace/session/workspace.guard';
import { subjectPagePath } from '../page-links';

describe('page links', () => {
  it('maps the subjects reminders store to workspace pages (a section until the subject has its own page)', () => {
    expect(subjectPagePath('/tramites')).toBe('/app/inventario');
    expect(subjectPagePath('/planes/1/hitos/2')).toBe('/app/plan');
    expect(subjectPagePath('/informes-de-avance')).toBe('/app/informes');
    expect(subjectPagePath('/calificaciones/instituciones/x')).toBe('/app');
    expect(subjectPagePath('/app/avisos')).toBe('/app/avisos');
    expect(subjectPagePath('https://malicioso.example/')).toBe('/app');
    expect(subjectPagePath(undefined)).toBe('/app');
  });

  it('follows only workspace paths after sign-in', () => {
    expect(safeReturnPath('/app/inventario?q=1')).toBe('/app/inventario?q=1');
    expect(safeReturnPath('//malicioso.example/app')).toBeNull();
    expect(safeReturnPath('https://malicioso.example/app')).toBeNull();
    expect(safeReturnPath('/app\\@malicioso.example')).toBeNull();
    expect(safeReturnPath('/application')).toBeNull();
    expect(safeReturnPath('/app/salir')).toBeNull();
    expect(safeReturnPath(['/app'])).toBeNull();
  });
});
