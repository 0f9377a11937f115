import { parseArgs } from 'node:util';
import { migrateSqlite, openSqlite } from '../storage/sqlite/database.js';
import { resolveConfig } from '../server/config.js';
import { prepareDataDir } from '../server/data-dir.js';
import { createUser, token } from './accounts.js';
import { COMMON_OPTIONS } from './open-storage.js';
import { org, project } from './org-project.js';
import { up, UP_HELP } from './up.js';

const HELP = `usage: faultline <command> [options]

  up           run the server (${'`npm start`'} runs this)
  createuser   --email E --password P [--superuser] [--no-input]
  org create   SLUG [--name NAME] [--owner EMAIL]
  project create --org ORG --slug SLUG [--team TEAM] [--platform P]   (prints the DSN last)
  token create --user EMAIL [--name NAME]                            (prints the token last)
  migrate      bring the database schema up to date

Every command takes --data-dir (default ./sentrydata, or FAULTLINE_DATA_DIR).

${UP_HELP}`;

async function migrate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: COMMON_OPTIONS });
  const { paths } = prepareDataDir(resolveConfig(values).dataDir);
  const db = openSqlite(paths.database);
  try {
    const { from, to } = migrateSqlite(db);
    console.log(
      from === to ? `schema is up to date (version ${to})` : `migrated schema from ${from} to ${to}`,
    );
  } finally {
    db.close();
  }
  return 0;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  up,
  createuser: createUser,
  org,
  project,
  token,
  migrate,
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
