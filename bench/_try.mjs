import { runFaultline } from './faultline-run.mjs';
const r = await runFaultline({ log: console.log, pacedSeconds: 5, maxSeconds: 5 });
console.log(JSON.stringify(r, (k, v) => (k === 'latencies' ? undefined : v), 1));
