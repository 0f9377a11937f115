import { errorsEndToEnd } from './errors-suite.js';

errorsEndToEnd('sqlite', async () => null);
