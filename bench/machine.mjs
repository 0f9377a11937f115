import os from 'node:os';
import { availableParallelism } from 'node:os';

/**
 * What the figures were measured on. The load generator shares this machine with the server, so the
 * core count matters as much as the server's own code: print it next to every result.
 * @returns {{ cores: number, cpu: string, memoryGiB: number, node: string, platform: string, date: string }}
 */
export function describeMachine() {
  return {
    cores: availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}
