import { z } from 'zod';
import { dbId } from '@/server/validation';

export const boardInput = z.object({ liveId: dbId });
export const retryInput = z.object({ outboxIds: z.array(z.string().regex(/^\d{1,19}$/)).min(1).max(500) });
export const reconcileStatsInput = z.object({ liveId: dbId.optional() });
