import { safeReturnPath } from '../../../web/workspace/session/workspace.guard';
import { subjectPagePath } from '../page-links';

describe('page links', () => {
  it('links only to workspace pages: a stored workspace path as is, anything else to the home', () => {
    const plan = '0b6f7c1e-1d2a-4c3b-9e8f-0123456789ab';
    const milestone = '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    expect(subjectPagePath(`/app/plan/${plan}/hitos/${milestone}`)).toBe(`/app/plan/${plan}/hitos/${milestone}`);
    expect(subjectPagePath('/app/informes?x=1')).toBe('/app/informes');
    expect(subjectPagePath('/app')).toBe('/app');
    expect(subjectPagePath('/planes/1/hitos/2')).toBe('/app');
    expect(subjectPagePath('/application')).toBe('/app');
    expect(subjectPagePath('/app/../admin')).toBe('/app');
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
