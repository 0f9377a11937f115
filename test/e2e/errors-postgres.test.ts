import { createTestDatabase, pgAvailable } from '../contract/pg-database.js';
import { errorsEndToEnd } from './errors-suite.js';

const available = await pgAvailable();
if (!available) {
  console.warn(
    '\n*** SKIPPED: errors end to end on PostgreSQL: no server at 127.0.0.1:5432 or FAULTLINE_TEST_DATABASE_URL. ' +
      'Install and start it: `apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect 15 main start` ***\n',
  );
}

errorsEndToEnd(
  'postgres',
  async () => {
    const db = await createTestDatabase();
    return { databaseUrl: db.url, dispose: db.drop };
  },
  !available,
);
