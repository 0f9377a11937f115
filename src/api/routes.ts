import cookie from '@fastify/cookie';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiContext } from './context.js';
import { ApiError } from './errors.js';
import { discoverRoutes } from './discover/routes.js';
import { eventRoutes } from './events/routes.js';
import { issueRoutes } from './issues/routes.js';
import { organizationRoutes } from './organizations/routes.js';
import { projectRoutes } from './projects/routes.js';
import { replayRoutes } from './replays/routes.js';
import { memberRoutes } from './members/routes.js';
import { sessionRoutes } from './session/routes.js';
import { statsRoutes } from './stats/routes.js';
import { thresholdRoutes } from './thresholds/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { userRoutes } from './users/routes.js';

/** Registers every `/api/0/` route, with one error handler that answers `{"detail": …}`. */
export async function apiRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send({ detail: err.message });
    const status = err.statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, 'api error');
    return reply.code(status).send({ detail: status >= 500 ? 'Internal error' : err.message });
  });
  await app.register(cookie);
  await sessionRoutes(app, ctx);
  await userRoutes(app, ctx);
  await tokenRoutes(app, ctx);
  await organizationRoutes(app, ctx);
  await memberRoutes(app, ctx);
  await projectRoutes(app, ctx);
  await issueRoutes(app, ctx);
  await eventRoutes(app, ctx);
  await statsRoutes(app, ctx);
  await discoverRoutes(app, ctx);
  await thresholdRoutes(app, ctx);
  await replayRoutes(app, ctx);
}
