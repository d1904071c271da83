// Named one-shot timers of a process (sale start/end, order pay-by deadlines). Each fires at
// its time, not by a polling loop; scheduling a name again replaces it. Long delays are
// chained because setTimeout cannot wait more than ~24.8 days.
const MAX_DELAY = 2 ** 31 - 1;

export class Timers {
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private closed = false;

  at(name: string, when: Date | number, run: () => Promise<unknown> | void, onError?: (error: unknown) => void) {
    if (this.closed) return;
    this.cancel(name);
    const target = typeof when === 'number' ? when : when.getTime();
    const arm = () => {
      const delay = Math.max(0, target - Date.now());
      const handle = setTimeout(
        () => {
          if (delay > MAX_DELAY) return arm();
          this.handles.delete(name);
          void Promise.resolve()
            .then(run)
            .catch((error: unknown) => onError?.(error));
        },
        Math.min(delay, MAX_DELAY),
      );
      handle.unref();
      this.handles.set(name, handle);
    };
    arm();
  }

  cancel(name: string) {
    const handle = this.handles.get(name);
    if (handle) clearTimeout(handle);
    this.handles.delete(name);
  }

  has(name: string) {
    return this.handles.has(name);
  }

  close() {
    this.closed = true;
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}
