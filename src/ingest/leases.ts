// Who holds a feed. A worker's id names its machine and process, so that a
// process killed with its leases still held can be recognised on the same
// machine and its feeds given back at once instead of after the lease expires.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type DbHandle, renewLeases } from '../store/index.ts';

export const LEASE_MS = 10 * 60 * 1000;

export function newWorkerId(role = 'worker'): string {
  return `${hostname()}:${process.pid}:${role}:${randomBytes(3).toString('hex')}`;
}

/** True when the lease owner is a process of this machine that no longer runs. */
export function ownerIsDeadHere(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Renews `worker`'s leases every third of the lease while `busy()` says it
 * has work in flight. Returns the stop function. A failed renewal is logged
 * and tried again at the next tick; the lease itself is still good until then.
 */
export function keepLeases(
  store: DbHandle,
  worker: string,
  leaseMs: number,
  busy: () => boolean,
  onError: (err: unknown) => void,
): () => void {
  let renewing = false;
  const timer = setInterval(
    () => {
      if (renewing || !busy()) return;
      renewing = true;
      renewLeases(store, worker, new Date(), leaseMs)
        .catch(onError)
        .finally(() => {
          renewing = false;
        });
    },
    Math.max(500, Math.floor(leaseMs / 3)),
  );
  timer.unref?.();
  return () => clearInterval(timer);
}
