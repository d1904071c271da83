// The zod schemas of what clients send over the socket (the types are in events.ts).
import { z } from 'zod';
import { dbId } from '@/server/validation';
import type { JoinTarget } from './events';

export const joinTarget = z.discriminatedUnion('as', [
  z.strictObject({ as: z.enum(['viewer', 'host']), liveId: dbId }),
  z.strictObject({ as: z.literal('ops') }),
]) satisfies z.ZodType<JoinTarget>;
