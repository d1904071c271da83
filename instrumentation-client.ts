// Runs in the browser before any page code. Forms validate with the server's zod schemas, and
// zod probes `new Function` when it builds an object schema; under the app's CSP (no
// 'unsafe-eval') that probe is reported as a violation even though zod catches it. Without JIT
// zod skips the probe and parses the same.
import { config } from 'zod/v4/core';

config({ jitless: true });
