import type { Logger } from 'pino';
import type { Storage } from '../storage/storage.js';
import { hashPassword } from './passwords.js';

/**
 * On first start, creates the superuser named by FAULTLINE_ADMIN_EMAIL / FAULTLINE_ADMIN_PASSWORD, so a
 * deployment can be provisioned without an interactive step. Does nothing once any user exists.
 */
export async function bootstrapAdmin(storage: Storage, env: NodeJS.ProcessEnv, log: Logger): Promise<void> {
  const email = env.FAULTLINE_ADMIN_EMAIL?.trim();
  const password = env.FAULTLINE_ADMIN_PASSWORD;
  if (!email || !password) return;
  if ((await storage.countUsers()) > 0) return;
  await storage.createUser({ email, passwordHash: await hashPassword(password), isSuperuser: true });
  log.info({ email }, 'created the first superuser from the environment');
}
