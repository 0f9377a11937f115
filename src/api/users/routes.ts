import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../server/passwords.js';
import { requireCaller, requireSuperuser } from '../auth.js';
import type { ApiContext } from '../context.js';
import { ApiError, badInput, notFound } from '../errors.js';
import { credentials } from '../session/routes.js';
import { presentUser } from './presenter.js';

type Body = Record<string, unknown> | null | undefined;

/** User management for superusers. */
export async function userRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get('/api/0/internal/users/', async (req) => {
    requireSuperuser(await requireCaller(ctx.storage, req));
    return (await ctx.storage.listUsers()).map(presentUser);
  });

  app.post<{ Body: Body }>('/api/0/internal/users/', async (req, reply) => {
    requireSuperuser(await requireCaller(ctx.storage, req));
    const { email, password } = credentials(req.body);
    if (await ctx.storage.getUserByEmail(email)) throw new ApiError(409, 'A user with this e-mail exists.');
    const user = await ctx.storage.createUser({
      email,
      name: typeof req.body?.name === 'string' ? req.body.name.slice(0, 100) : '',
      passwordHash: await hashPassword(password),
      isSuperuser: req.body?.isSuperuser === true,
    });
    return reply.code(201).send(presentUser(user));
  });

  app.put<{ Params: { id: string }; Body: Body }>('/api/0/internal/users/:id/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    requireSuperuser(caller);
    const user = /^\d+$/.test(req.params.id) ? await ctx.storage.getUserById(Number(req.params.id)) : null;
    if (!user) throw notFound();
    const body = req.body ?? {};
    const patch: { isSuperuser?: boolean; isActive?: boolean } = {};
    if (typeof body.isSuperuser === 'boolean') patch.isSuperuser = body.isSuperuser;
    if (typeof body.isActive === 'boolean') patch.isActive = body.isActive;
    if (user.id === caller.user.id && (patch.isSuperuser === false || patch.isActive === false)) {
      throw badInput('You cannot remove your own superuser rights or deactivate yourself.');
    }
    await ctx.storage.updateUser(user.id, patch);
    if (typeof body.password === 'string') {
      if (body.password.length < 8) throw badInput('The password must be at least 8 characters.');
      await ctx.storage.setUserPassword(user.id, await hashPassword(body.password));
      await ctx.storage.deleteUserSessions(user.id);
    }
    if (patch.isActive === false) await ctx.storage.deleteUserSessions(user.id);
    return presentUser((await ctx.storage.getUserById(user.id))!);
  });
}
