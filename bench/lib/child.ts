// The child side of spawnTs: talk to the parent over IPC, and never outlive it.
export function childReady(message: Record<string, unknown> = {}): void {
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', ...message });
}

export function reply(message: Record<string, unknown>): void {
  process.send?.(message);
}

export function onMessage(handler: (m: Record<string, unknown>) => Promise<void> | void): void {
  process.on('message', (m) => {
    Promise.resolve(handler(m as Record<string, unknown>)).catch((error: unknown) => {
      reply({ type: 'result', error: error instanceof Error ? error.stack ?? error.message : String(error) });
    });
  });
}

export function exitOnSignals(cleanup: () => Promise<void> = async () => {}): void {
  const stop = () =>
    void cleanup()
      .catch(() => {})
      .finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
