// The process's one Container, reachable from code that Next bundles on its own
// (route handlers, server components). server/index.ts sets it before serving.
import type { Container } from './container';

const KEY = Symbol.for('livecart.container');
type Holder = { [KEY]?: Container };

export function setContainer(container: Container | undefined) {
  (globalThis as Holder)[KEY] = container;
}

export function getContainer(): Container {
  const container = (globalThis as Holder)[KEY];
  if (!container) throw new Error('Livecart is not started: run it through server/index.ts (npm run dev / npm start)');
  return container;
}
