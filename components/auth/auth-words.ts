/** Where each account lands after signing in or up. */
export const homeOf = { HOST: '/console', OPS: '/ops', VIEWER: '/live/1' } as const;

/** Only same-site paths, so the auth pages cannot be used to send anyone elsewhere. */
export function safeNext(next: string | null | undefined): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
}
