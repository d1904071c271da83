import { z } from 'zod';

export const listShopGoodsInput = z.object({
  search: z.string().trim().max(60).optional(),
  categoryId: z.number().int().positive().optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type ListShopGoodsInput = z.infer<typeof listShopGoodsInput>;
