// Procedures the browser calls alone (unbatched) and the server answers in its fast lane
// (server/trpc/fast-lane.ts). Plain data: the browser's tRPC client imports it too.
// The hot writes of a busy room: orders in a storm; comments and likes from its whole audience.
export const FAST_PROCEDURES: readonly string[] = ['orders.create', 'interaction.send', 'interaction.like'];
