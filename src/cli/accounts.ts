import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { hashToken } from '../api/auth.js';
import { DEFAULT_SCOPES, newTokenSecret } from '../api/tokens/secret.js';
import { hashPassword } from '../server/passwords.js';
import { COMMON_OPTIONS, withStorage } from './open-storage.js';

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** `faultline createuser --email E --password P [--superuser] [--no-input]` */
export async function createUser(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      email: { type: 'string' },
      password: { type: 'string' },
      superuser: { type: 'boolean' },
      'no-input': { type: 'boolean' },
    },
  });
  const interactive = !values['no-input'] && process.stdin.isTTY;
  const email = values.email ?? (interactive ? (await ask('Email: ')).trim() : undefined);
  const password = values.password ?? (interactive ? await ask('Password: ') : undefined);
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('--email must be an e-mail address');
  if (!password || password.length < 8) throw new Error('--password must be at least 8 characters');
  return withStorage(values, async (storage) => {
    if (await storage.getUserByEmail(email)) throw new Error(`a user with e-mail ${email} already exists`);
    const user = await storage.createUser({
      email,
      passwordHash: await hashPassword(password),
      isSuperuser: Boolean(values.superuser),
    });
    console.log(`created user ${user.email}${user.isSuperuser ? ' (superuser)' : ''}`);
    return 0;
  });
}

/** `faultline token create --user EMAIL [--name NAME]`: prints a new bearer token on the last line. */
export async function token(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, user: { type: 'string' }, name: { type: 'string' } },
  });
  if (positionals[0] !== 'create')
    throw new Error('usage: faultline token create --user EMAIL [--name NAME]');
  if (!values.user) throw new Error('--user is required');
  const email = values.user;
  return withStorage(values, async (storage) => {
    const user = await storage.getUserByEmail(email);
    if (!user) throw new Error(`no user with e-mail ${email}`);
    const secret = newTokenSecret();
    await storage.createApiToken({
      userId: user.id,
      name: values.name ?? 'cli',
      tokenHash: hashToken(secret),
      scopes: DEFAULT_SCOPES,
    });
    console.log(secret);
    return 0;
  });
}
