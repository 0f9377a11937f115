import { closedLoad } from './closed-load.mjs';
import { envelopeFactory } from './envelopes.mjs';
import { INGEST_HEADERS, ingestPath } from './ingest-request.mjs';
import { LOAD, runPhases } from './phases.mjs';
import { memoryMB, startBare } from './server-process.mjs';

/**
 * The same load against the bare `node:http` server, so every Faultline figure has a same-run,
 * same-machine reference: what the load generator and the kernel cost before any server code runs.
 * @param {{ log: (line: string) => void, pacedSeconds: number, maxSeconds: number }} o
 */
export async function runBaseline({ log, pacedSeconds, maxSeconds }) {
  const server = await startBare();
  try {
    const load = await runPhases({
      ...bareTarget(server),
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

/**
 * The bare server's max phase once more, after Faultline's: on a host whose speed drifts (shared
 * virtual machines), the mean of a phase before and one after is a fairer reference for the ratios.
 * @param {number} maxSeconds
 */
export async function runBareMaxAgain(maxSeconds) {
  const server = await startBare();
  try {
    const target = { ...bareTarget(server), connections: LOAD.connections };
    await closedLoad({ ...target, seconds: LOAD.warmupSeconds });
    return await closedLoad({ ...target, seconds: maxSeconds });
  } finally {
    await server.stop();
  }
}

/** @param {{ origin: string }} server */
function bareTarget(server) {
  const factory = envelopeFactory('00000000000000000000000000000000');
  return {
    origin: server.origin,
    path: ingestPath({ projectId: 1, publicKey: '00000000000000000000000000000000' }),
    headers: INGEST_HEADERS,
    makeBody: factory.next,
  };
}
