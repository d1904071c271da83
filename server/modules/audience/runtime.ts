// The audience's per-process state, built once per container: presence (Redis or in-process)
// and this instance's viewers with their upkeep. Kept on globalThis like the auth runtime, so
// every bundle of the process finds the same one.
import type { Container } from '@/server/container';
import { limitTracking } from '@/server/modules/tracking/tracking.rate-limit';
import { Audience } from './audience.service';
import { createMemoryPresence } from './presence-memory';
import { createRedisPresence } from './presence-redis';

const KEY = Symbol.for('livecart.audience-runtime');
type Holder = { [KEY]?: WeakMap<Container, Audience> };

export function audienceRuntime(container: Container): Audience {
  const holder = globalThis as Holder;
  const byContainer = (holder[KEY] ??= new WeakMap());
  let audience = byContainer.get(container);
  if (!audience) {
    const created = new Audience({
      db: container.db,
      presence: container.redis ? createRedisPresence(container.redis) : createMemoryPresence(),
      log: container.log,
      limit: (who) => limitTracking(container, who),
    });
    audience = created;
    byContainer.set(container, created);
    const close = container.close;
    container.close = async () => {
      await created.stop();
      await close();
    };
  }
  return audience;
}
