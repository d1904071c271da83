// Procedures the browser calls alone (unbatched) and the server answers in its fast lane
// (server/trpc/fast-lane.ts). Plain data: the browser's tRPC client imports it too.
export const FAST_PROCEDURES: readonly string[] = ['orders.create'];
