import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ProjectRecord } from '../../storage/types.js';
import { readTransactionFilter } from './filter.js';

const project = { id: 7, slug: 'web' } as ProjectRecord;
const filterOf = (query: Record<string, string>) =>
  readTransactionFilter({ query } as unknown as FastifyRequest, [project]);

describe('readTransactionFilter', () => {
  it('leaves INP interactions out unless the query names an interaction op', () => {
    expect(filterOf({}).kinds).toBeUndefined(); // storage's default: transactions and segments
    expect(filterOf({ query: 'transaction.op:pageload' }).kinds).toBeUndefined();
    const inp = filterOf({
      query: 'transaction.op:ui.interaction.click transaction.op:ui.interaction.press transaction:/cart',
    });
    expect(inp).toMatchObject({
      projectIds: [7],
      ops: ['ui.interaction.click', 'ui.interaction.press'],
      names: ['/cart'],
      kinds: ['transaction', 'segment', 'interaction'],
    });
  });
});
