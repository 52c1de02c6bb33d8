import { tenantSbcDomain } from './sbc-domain';

const BASE = { sbcBaseDomain: 'customers.pbx.example', subdomainTemplate: '{slug}-{id}' };
const ID = '3f2b8c1e-7d4a-4e6b-9a5c-2e1f0d9b8a77';

describe("a tenant's SBC subdomain", () => {
  it('is the template filled with a DNS-safe form of the name and the start of the id', () => {
    expect(tenantSbcDomain({ id: ID, name: 'Müller & Söhne GmbH' }, BASE)).toBe(
      'muller-sohne-gmbh-3f2b8c1e.customers.pbx.example',
    );
    expect(
      tenantSbcDomain({ id: ID, name: 'Contoso' }, { ...BASE, subdomainTemplate: 'sbc-{id}' }),
    ).toBe('sbc-3f2b8c1e.customers.pbx.example');
  });

  it('stays one DNS label of at most 63 characters, whatever the name', () => {
    for (const name of ['x'.repeat(300), '—', '日本語の会社', '-a-', ' '.repeat(10)]) {
      const label = tenantSbcDomain({ id: ID, name }, BASE).split('.')[0];
      expect(label.length).toBeLessThanOrEqual(63);
      expect(label).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    }
  });
});
