import type { FastifyInstance } from 'fastify';
import { hashPassword, verifyPassword } from '../../server/passwords.js';
import type { UserRecord } from '../../storage/types.js';
import { requireCaller } from '../auth.js';
import type { ApiContext } from '../context.js';
import { ApiError, badInput } from '../errors.js';
import { presentUser } from '../users/presenter.js';
import { endSession, startSession } from './cookies.js';
import { LoginLimiter } from './login-limiter.js';

type Body = Record<string, unknown> | null | undefined;

/** Reads and checks the e-mail and password of a login or sign-up form. */
export function credentials(body: Body): { email: string; password: string } {
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
  const password = typeof body?.password === 'string' ? body.password : '';
  if (!/^[^\s@]{1,200}@[^\s@]{1,200}$/.test(email)) throw badInput('Enter a valid e-mail address.');
  if (password.length < 8 || password.length > 1024)
    throw badInput('The password must be 8 to 1024 characters.');
  return { email, password };
}

/** Login, logout, the current user, and the first-start page that creates the first superuser. */
export async function sessionRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const limiter = new LoginLimiter();

  app.get('/api/0/internal/setup/', async () => ({ needsSetup: (await ctx.storage.countUsers()) === 0 }));

  app.post<{ Body: Body }>('/api/0/internal/setup/', async (req, reply) => {
    const { email, password } = credentials(req.body);
    const name = typeof req.body?.name === 'string' ? req.body.name.slice(0, 100) : '';
    const user = await ctx.storage.createFirstUser({
      email,
      name,
      passwordHash: await hashPassword(password),
    });
    if (!user) throw new ApiError(409, 'Faultline is already set up. Log in instead.');
    await startSession(ctx.storage, req, reply, user);
    return reply.code(201).send({ user: presentUser(user) });
  });

  app.post<{ Body: Body }>('/api/0/auth/login/', async (req, reply) => {
    const { email, password } = credentials(req.body);
    const keys = [`ip:${req.ip}`, `email:${email}`];
    const wait = limiter.retryAfter(keys);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError(429, `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minutes.`);
    }
    const user: UserRecord | null = await ctx.storage.getUserByEmail(email);
    // Verify even when the user is unknown, so timing does not tell which e-mails have accounts.
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok || !user.isActive) {
      limiter.fail(keys);
      throw new ApiError(401, 'Wrong e-mail or password.');
    }
    limiter.succeed(keys);
    await startSession(ctx.storage, req, reply, user);
    return { user: presentUser(user) };
  });

  app.delete('/api/0/auth/', async (req, reply) => {
    await requireCaller(ctx.storage, req);
    await endSession(ctx.storage, req, reply);
    return reply.code(204).send();
  });

  app.get('/api/0/users/me/', async (req) => presentUser((await requireCaller(ctx.storage, req)).user));
}
