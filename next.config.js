// @ts-check
import createNextIntlPlugin from 'next-intl/plugin';

// next-intl reads its per-request config (locale from the cookie, messages) from this file.
const withNextIntl = createNextIntlPlugin('./components/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages stay plain Node modules; the one instance of each lives in server/.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@prisma/client',
    '@prisma/adapter-pg',
    '@prisma/schema-engine-wasm',
    'pg',
    'ioredis',
    '@node-rs/argon2',
    'pino',
    'iron-session',
  ],
  // Type checking and linting run as their own CI steps (npm run typecheck / lint).
  typescript: { ignoreBuildErrors: true },
  // No headers() here: the security headers (CSP with a per-request script nonce, frame
  // ancestors, nosniff, Referrer-Policy, HSTS over https) are set on every answer, pages and
  // API alike, by server/http.ts from server/edges/headers.ts.
  poweredByHeader: false,
  reactStrictMode: true,
};

export default withNextIntl(nextConfig);
