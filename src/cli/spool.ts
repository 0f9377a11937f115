import { parseArgs } from 'node:util';
import { openForCommand } from './open-storage.js';

/**
 * `faultline spool status` shows what waits to be digested and what was set aside; `faultline spool
 * retry` offers the set-aside entries to the digest again (after fixing whatever made them fail).
 */
export async function spool(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } },
  });
  const action = positionals[0];
  if (action !== 'status' && action !== 'retry') throw new Error('usage: faultline spool status|retry');
  const { backends } = await openForCommand(values);
  try {
    if (action === 'retry')
      console.log(`offered ${await backends.spool.retryBuried()} set-aside entries again`);
    const { waiting, buried } = await backends.spool.depth();
    console.log(`waiting: ${waiting}\nset aside: ${buried}`);
    return 0;
  } finally {
    await backends.close();
  }
}
