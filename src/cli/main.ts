import { parseArgs } from 'node:util';
import { migrateSqlite, openSqlite } from '../storage/sqlite/database.js';
import { resolveConfig } from '../server/config.js';
import { prepareDataDir } from '../server/data-dir.js';
import { createUser, token } from './accounts.js';
import { COMMON_OPTIONS } from './open-storage.js';
import { org, project } from './org-project.js';
import { spool } from './spool.js';
import { up, UP_HELP } from './up.js';

const HELP = `usage: faultline <command> [options]

  up           run the server (${'`npm start`'} runs this)
  createuser   --email E --password P [--superuser] [--no-input]
  org create   SLUG [--name NAME] [--owner EMAIL]
  project create --org ORG --slug SLUG [--team TEAM] [--platform P]   (prints the DSN last)
  token create --user EMAIL [--name NAME]                            (prints the token last)
  migrate      bring the database schema up to date
  spool status|retry   what waits to be digested; offer set-aside entries again

Every command takes --data-dir (default ./sentrydata, or FAULTLINE_DATA_DIR), or --database-url
(FAULTLINE_DATABASE_URL=postgres://…) for the scale-out mode.

${UP_HELP}`;

/** `faultline migrate`: brings the schema of either database up to date, without starting the server. */
async function migrate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: COMMON_OPTIONS });
  const config = resolveConfig(values);
  let result: { from: number; to: number };
  if (config.databaseUrl) {
    // Loaded on demand, as in openBackends: the embedded commands never need `pg`.
    const { PostgresStorage } = await import('../storage/postgres/postgres-storage.js');
    const { migratePostgres } = await import('../storage/postgres/migrations.js');
    const storage = await PostgresStorage.open(config.databaseUrl, { migrate: false });
    try {
      result = await migratePostgres(storage.pool);
    } finally {
      await storage.close();
    }
  } else {
    const db = openSqlite(prepareDataDir(config.dataDir).paths.database);
    try {
      result = migrateSqlite(db);
    } finally {
      db.close();
    }
  }
  const { from, to } = result;
  console.log(from === to ? `schema is up to date (version ${to})` : `migrated schema from ${from} to ${to}`);
  return 0;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  up,
  createuser: createUser,
  org,
  project,
  token,
  migrate,
  spool,
};

/** The `faultline` command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  return command(rest);
}
