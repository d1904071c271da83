import { z } from 'zod';

export const auditPageInput = z.object({
  /** Rows older than this id (the previous page's `next`). */
  cursor: z.string().regex(/^\d{1,19}$/, 'invalid.request').nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditPageInput = z.infer<typeof auditPageInput>;

export const opsAuditInput = auditPageInput.extend({ shopId: z.number().int().positive().optional() });
export type OpsAuditInput = z.infer<typeof opsAuditInput>;
