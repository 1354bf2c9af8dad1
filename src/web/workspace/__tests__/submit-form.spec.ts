import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { IsString, MinLength } from 'class-validator';
import { ActionSteps, dtoFrom, FormSteps, refusalOf, submitAction, submitForm } from '../forms';
import type { WorkspaceResponder } from '../workspace-responder';

class NameDto {
  @IsString() @MinLength(3) name!: string;
}

/** Records what the page did: a redirect, or the form drawn again. */
function harness() {
  const redirects: Array<{ to: string; notice?: string }> = [];
  const drawn: Array<{ via: string; errors: object; summary: string | null; status: number }> = [];
  const pages = { redirect: (_res: Response, to: string, _req?: Request, notice?: string) => redirects.push({ to, notice }) };
  const draw = (via: string) => (errors: object, summary: string | null, status: number) => drawn.push({ via, errors, summary, status });
  const run = (body: Record<string, unknown>, steps: Partial<FormSteps<NameDto>> & Pick<FormSteps<NameDto>, 'act'>) =>
    submitForm(pages as unknown as WorkspaceResponder, {} as Request, {} as Response, dtoFrom(NameDto, body), {
      render: draw('render'),
      ...steps,
    });
  return { redirects, drawn, draw, run };
}

const stale = () => AppException.conflict('Cambió.', { currentVersion: 2 }, ErrorCode.VersionConflict);

describe('submitForm', () => {
  it('draws the form again at 400 with the messages beside the fields, without calling the service', async () => {
    const h = harness();
    const act = jest.fn();
    await h.run({ name: 'x' }, { act });
    expect(act).not.toHaveBeenCalled();
    expect(h.redirects).toEqual([]);
    expect(h.drawn).toEqual([
      { via: 'render', errors: { name: expect.stringMatching(/3/) }, summary: null, status: HttpStatus.BAD_REQUEST },
    ]);
  });

  it('redirects (303) with the notice the action returns', async () => {
    const h = harness();
    await h.run({ name: 'Ana' }, { act: async (dto) => ({ to: '/app/x', notice: `Hola ${dto.name}.` }) });
    expect(h.redirects).toEqual([{ to: '/app/x', notice: 'Hola Ana.' }]);
    expect(h.drawn).toEqual([]);
  });

  it("shows the service's refusal on the form (renderRefused when given), fields beside fields", async () => {
    const h = harness();
    const act = () => Promise.reject(AppException.badRequest('No.', [{ field: 'name', messages: ['ya existe'] }]));
    await h.run({ name: 'Ana' }, { act, renderRefused: h.draw('refused') });
    expect(h.drawn).toEqual([{ via: 'refused', errors: { name: 'Ya existe.' }, summary: null, status: 400 }]);
  });

  it('a stale version: the conflict message replaces the service message; other 409s keep theirs', async () => {
    const h = harness();
    await h.run({ name: 'Ana' }, { act: () => Promise.reject(stale()), conflict: 'Otra persona guardó antes.' });
    await h.run(
      { name: 'Ana' },
      { act: () => Promise.reject(AppException.conflict('Ya existe.')), conflict: 'Otra persona guardó antes.' },
    );
    expect(h.drawn.map((d) => [d.summary, d.status])).toEqual([
      ['Otra persona guardó antes.', 409],
      ['Ya existe.', 409],
    ]);
  });

  it('a stale version with a conflict page draws that page instead of the form', async () => {
    const h = harness();
    const page = jest.fn();
    await h.run({ name: 'Ana' }, { act: () => Promise.reject(stale()), conflict: page });
    expect(page).toHaveBeenCalledTimes(1);
    expect(h.drawn).toEqual([]);
  });

  it('rethrows what a form does not show (a 404 stays a 404 page, a bug a 500)', async () => {
    const h = harness();
    await expect(h.run({ name: 'Ana' }, { act: () => Promise.reject(AppException.notFound('La regla')) })).rejects.toBeInstanceOf(
      AppException,
    );
    await expect(h.run({ name: 'Ana' }, { act: () => Promise.reject(new Error('bug')) })).rejects.toThrow('bug');
    expect(h.drawn).toEqual([]);
  });
});

describe('submitAction', () => {
  const run = (steps: Pick<ActionSteps, 'act'> & Partial<ActionSteps>) => {
    const redirects: Array<{ to: string; notice?: string }> = [];
    const pages = { redirect: (_res: Response, to: string, _req?: Request, notice?: string) => redirects.push({ to, notice }) };
    const done = submitAction(pages as unknown as WorkspaceResponder, {} as Request, {} as Response, {
      back: '/app/plan/1',
      failed: 'No se pudo enviar el plan.',
      ...steps,
    });
    return done.then(() => redirects);
  };

  it('redirects (303) with the notice the action returns', async () => {
    expect(await run({ act: async () => ({ to: '/app/plan/2', notice: 'Enviado.' }) })).toEqual([
      { to: '/app/plan/2', notice: 'Enviado.' },
    ]);
  });

  it("goes back with the refusal's message: above the form, about one field, or the fallback when it has none", async () => {
    expect(await run({ act: () => Promise.reject(AppException.conflict('El plan ya fue enviado.')) })).toEqual([
      { to: '/app/plan/1', notice: 'El plan ya fue enviado.' },
    ]);
    expect(await run({ act: () => Promise.reject(AppException.conflict('Ese correo ya tiene cuenta.', { field: 'email' })) })).toEqual([
      { to: '/app/plan/1', notice: 'Ese correo ya tiene cuenta.' },
    ]);
    expect(await run({ act: () => Promise.reject(AppException.badRequest('', [])) })).toEqual([
      { to: '/app/plan/1', notice: 'No se pudo enviar el plan.' },
    ]);
  });

  it('a stale version: the conflict notice replaces the service message; other 409s keep theirs', async () => {
    const conflict = 'Otra persona modificó la cuenta mientras tanto.';
    expect(await run({ act: () => Promise.reject(stale()), conflict })).toEqual([{ to: '/app/plan/1', notice: conflict }]);
    expect(await run({ act: () => Promise.reject(AppException.conflict('Ya existe.')), conflict })).toEqual([
      { to: '/app/plan/1', notice: 'Ya existe.' },
    ]);
  });

  it('rethrows what it does not show (a 404 stays a 404 page, a bug a 500)', async () => {
    await expect(run({ act: () => Promise.reject(AppException.notFound('El plan')) })).rejects.toBeInstanceOf(AppException);
    await expect(run({ act: () => Promise.reject(new Error('bug')) })).rejects.toThrow('bug');
  });
});

describe('refusalOf', () => {
  it('puts a refusal about one field beside it, and the rest above the form', () => {
    const taken = AppException.conflict('Ya existe una institución con las siglas MINECO.', { field: 'code' });
    expect(refusalOf(taken)).toEqual({
      status: HttpStatus.CONFLICT,
      errors: { code: 'Ya existe una institución con las siglas MINECO.' },
      summary: null,
    });
    const listed = AppException.badRequest('Datos inválidos', [{ field: 'name', messages: ['es muy corto'] }]);
    expect(refusalOf(listed)).toEqual({ status: HttpStatus.BAD_REQUEST, errors: { name: 'Es muy corto.' }, summary: null });
    expect(refusalOf(stale())).toEqual({ status: HttpStatus.CONFLICT, errors: {}, summary: 'Cambió.' });
    expect(() => refusalOf(new Error('bug'))).toThrow('bug');
  });
});
