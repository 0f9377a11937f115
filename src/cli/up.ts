import { parseArgs } from 'node:util';
import { startServer } from '../server/app.js';
import { resolveConfig } from '../server/config.js';
import { COMMON_OPTIONS } from './open-storage.js';

export const UP_HELP = `faultline up [--port 9000] [--host 0.0.0.0] [--data-dir ./sentrydata] [--database-url postgres://…]
             [--roles ingest,digest,web,jobs]
             [--public-url URL] [--retention-days 90] [--trust-proxy] [--log-level info]
             [--max-envelope-mib 20] [--digest-threads 2] [--digest-priority idle|low]
  Creates the data folder if needed, migrates, and runs the server until SIGTERM or SIGINT.`;

/** `faultline up`: run the server in the foreground until a signal asks it to stop. */
export async function up(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      host: { type: 'string' },
      roles: { type: 'string' },
      'retention-days': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'log-level': { type: 'string' },
      'max-envelope-mib': { type: 'string' },
      'digest-threads': { type: 'string' },
      'digest-priority': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(UP_HELP);
    return 0;
  }
  const flags = { ...values, 'trust-proxy': values['trust-proxy'] ? 'true' : undefined };
  const server = await startServer(resolveConfig(flags));
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      server.log.info({ signal }, 'stopping');
      server.close().then(
        () => resolve(0),
        (err: unknown) => {
          server.log.error({ err }, 'unclean shutdown');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
