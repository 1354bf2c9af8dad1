import { CatalogIris, legalCitations, serviceNode } from '../cpsv-ap';

describe('CPSV-AP catalogue nodes', () => {
  it('identifies each cited law or acuerdo ELI-style, folding articles and repeated citations into one resource', () => {
    expect(legalCitations('Decreto 5-2021, art. 13; Acuerdo Gubernativo 211-2015, Reglamento de la MIPYME; Decreto 5-2021')).toEqual([
      { path: 'eli/gt/decreto/2021/5', title: 'Decreto 5-2021' },
      { path: 'eli/gt/acuerdo-gubernativo/2015/211', title: 'Acuerdo Gubernativo 211-2015' },
    ]);
    expect(legalCitations('Decreto-Ley 106, Código Civil, arts. 92–101')).toEqual([
      { path: 'eli/gt/decreto-ley/106', title: 'Decreto-Ley 106' },
    ]);
    expect(legalCitations('Acuerdo Ministerial 456-2019')).toEqual([
      { path: 'eli/gt/acuerdo-ministerial/2019/456', title: 'Acuerdo Ministerial 456-2019' },
    ]);
    // Without a number the rest of the citation is the slug; without a recognisable kind, the legal basis type names it.
    expect(legalCitations('Reglamento Técnico Centroamericano RTCA 67.01.31:07')).toEqual([
      { path: 'eli/gt/reglamento/tecnico-centroamericano-rtca-67-01-31-07', title: 'Reglamento Técnico Centroamericano RTCA 67.01.31:07' },
    ]);
    expect(legalCitations('Circular 3 de la Superintendencia', 'other_rule')[0].path).toBe(
      'eli/gt/norma/circular-3-de-la-superintendencia',
    );
    expect(legalCitations('cualquier texto', 'none')).toEqual([]);
    expect(legalCitations(null)).toEqual([]);
  });

  it('a service: cost only when the fee is known; every minted @id under the public base URL', () => {
    const iris = new CatalogIris('https://simplifica.gob.gt/api/public/v1');
    const p = {
      institutionCode: 'MINECO',
      institutionName: 'Ministerio de Economía',
      code: 'REG 1',
      name: 'Registro',
      description: null,
      status: 'active',
      feeGtq: null,
      channels: ['online'],
      days: null,
      onlineUrl: null,
      legalBasis: null,
      requirements: [{ id: 'r1', name: 'DPI', legalBasisType: 'law', legalBasisReference: 'Ley del RENAP' }],
    };
    const unknownFee = serviceNode(iris, p, false);
    expect(unknownFee['cv:hasCost']).toBeUndefined();
    expect(unknownFee['cv:contactPoint']).toBeUndefined();
    expect(unknownFee['dct:description']).toEqual({ '@value': 'Registro (trámite de Ministerio de Economía)', '@language': 'es' });
    expect(unknownFee['@id']).toBe('https://simplifica.gob.gt/api/public/v1/procedures/MINECO/REG%201');
    expect(unknownFee['cv:hasLegalResource']).toEqual([
      expect.objectContaining({ '@id': 'https://simplifica.gob.gt/api/public/v1/export/catalog.jsonld#eli/gt/ley/del-renap' }),
    ]);
    const free = serviceNode(iris, { ...p, feeGtq: '0.00' }, true);
    expect(free['cv:hasCost']).toEqual([expect.objectContaining({ 'cv:hasValue': { '@value': '0.00', '@type': 'xsd:double' } })]);
    expect(free['cv:contactPoint']).toEqual({ '@id': 'https://simplifica.gob.gt/api/public/v1/institutions/MINECO#contact-point' });
  });
});
