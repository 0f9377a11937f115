import { envelopeFactory } from './envelopes.mjs';
import { INGEST_HEADERS, ingestPath } from './ingest-request.mjs';
import { runPhases } from './phases.mjs';
import { memoryMB, startBare } from './server-process.mjs';

/**
 * The same load against the bare `node:http` server, so every Faultline figure has a same-run,
 * same-machine reference: what the load generator and the kernel cost before any server code runs.
 * @param {{ log: (line: string) => void, pacedSeconds: number, maxSeconds: number }} o
 */
export async function runBaseline({ log, pacedSeconds, maxSeconds }) {
  const server = await startBare();
  try {
    const factory = envelopeFactory('00000000000000000000000000000000');
    const load = await runPhases({
      origin: server.origin,
      path: ingestPath({ projectId: 1, publicKey: '00000000000000000000000000000000' }),
      headers: INGEST_HEADERS,
      makeBody: factory.next,
      pid: server.pid,
      log,
      pacedSeconds,
      maxSeconds,
    });
    return { load, peakMB: memoryMB(server.pid, 'VmHWM') };
  } finally {
    await server.stop();
  }
}
