import type { FastifyInstance } from 'fastify';
import type { ApiTokenRecord } from '../../storage/types.js';
import { hashToken, requireCaller } from '../auth.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { isoDate } from '../format.js';
import { DEFAULT_SCOPES, newTokenSecret } from './secret.js';

function presentToken(t: ApiTokenRecord): Record<string, unknown> {
  return {
    id: String(t.id),
    name: t.name,
    scopes: t.scopes,
    dateCreated: isoDate(t.dateCreated),
    lastUsedAt: isoDate(t.lastUsedAt),
  };
}

/** The caller's own API tokens (Sentry's `/api/0/api-tokens/`). */
export async function tokenRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get('/api/0/api-tokens/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    return (await ctx.storage.listApiTokens(caller.user.id)).map(presentToken);
  });

  app.post<{ Body: Record<string, unknown> | null }>('/api/0/api-tokens/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const name =
      typeof req.body?.name === 'string' && req.body.name.trim()
        ? req.body.name.trim().slice(0, 100)
        : 'token';
    const secret = newTokenSecret();
    const token = await ctx.storage.createApiToken({
      userId: caller.user.id,
      name,
      tokenHash: hashToken(secret),
      scopes: DEFAULT_SCOPES,
    });
    // The secret is shown once; only its hash is kept.
    return reply.code(201).send({ ...presentToken(token), token: secret });
  });

  app.delete<{ Params: { id: string } }>('/api/0/api-tokens/:id/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    if (
      !/^\d+$/.test(req.params.id) ||
      !(await ctx.storage.deleteApiToken(caller.user.id, Number(req.params.id)))
    ) {
      throw notFound();
    }
    return reply.code(204).send();
  });
}
