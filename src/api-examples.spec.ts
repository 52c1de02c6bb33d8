import { exampleOf } from './api-examples';

describe('examples made from response schemas', () => {
  it('fills each field by its type, format, enum and name, and keeps a field’s own example', () => {
    const example = exampleOf(
      {
        type: 'object',
        properties: {
          id: { type: 'string' },
          email: { type: 'string' },
          state: { type: 'string', enum: ['queued', 'applying'] },
          createdAt: { type: 'string', format: 'date-time' },
          pageSize: { type: 'number' },
          note: { type: 'string', example: 'as written' },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
      {},
    );
    expect(example).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: 'ada@contoso.example',
      state: 'queued',
      createdAt: '2026-12-01T09:30:00.000Z',
      pageSize: 50,
      note: 'as written',
      tags: ['text'],
    });
  });

  it('shows a schema that contains itself one level deep instead of recursing forever', () => {
    const components = {
      Node: {
        type: 'object',
        properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/Node' } },
      },
    };
    expect(exampleOf({ $ref: '#/components/schemas/Node' }, components)).toEqual({
      name: 'Contoso',
      child: {},
    });
  });
});
