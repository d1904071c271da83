// The auth domain's per-process state, built once per container: the session store (with its
// cache and its subscription to revocations) and the throttles. Kept on globalThis because
// Next bundles pages apart from server/index.ts, and both must share one store per container.
// Code that has only the session password (the cookie readers kept for context.ts and the
// socket server) finds the store of the container that uses that password.
import type { Container } from '@/server/container';
import { SessionStore } from './session-store';
import { AuthThrottle } from './throttle';

export interface AuthRuntime {
  sessions: SessionStore;
  throttle: AuthThrottle;
}

const KEY = Symbol.for('livecart.auth-runtime');
type Registry = { byContainer: WeakMap<Container, AuthRuntime>; byPassword: Map<string, AuthRuntime> };
type Holder = { [KEY]?: Registry };

function registry(): Registry {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= { byContainer: new WeakMap(), byPassword: new Map() });
}

export function authRuntime(container: Container): AuthRuntime {
  const { byContainer, byPassword } = registry();
  let runtime = byContainer.get(container);
  if (!runtime) {
    const created: AuthRuntime = {
      sessions: new SessionStore({ db: container.db, pubsub: container.kv.pubsub, log: container.log }),
      throttle: new AuthThrottle(container.redis),
    };
    runtime = created;
    byContainer.set(container, created);
    // The first container opened with a password answers for it until it closes (one per
    // process outside tests; tests open several that share one database, or one at a time).
    const password = container.sessionPassword;
    if (!byPassword.has(password)) byPassword.set(password, created);
    const close = container.close;
    container.close = async () => {
      if (byPassword.get(password) === created) byPassword.delete(password);
      await created.sessions.close();
      await close();
    };
  }
  return runtime;
}

export function sessionStoreFor(container: Container): SessionStore {
  return authRuntime(container).sessions;
}

/** The store of the container that uses this session password, if one was opened in this process. */
export function sessionStoreForPassword(password: string): SessionStore | undefined {
  const runtime = registry().byPassword.get(password);
  if (runtime) return runtime.sessions;
  // The process's own container (server/index.ts sets it before serving).
  const container = (globalThis as { [k: symbol]: Container | undefined })[Symbol.for('livecart.container')];
  return container && container.sessionPassword === password ? authRuntime(container).sessions : undefined;
}
