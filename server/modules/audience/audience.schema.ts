import { z } from 'zod';
import { dbId } from '@/server/validation';

export const audienceInput = z.object({ liveId: dbId });
export type AudienceInput = z.infer<typeof audienceInput>;
