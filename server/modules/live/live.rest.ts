// The seed's REST endpoint for the cart: GET /api/live/goods-list?live_id=…, in its snake_case
// vocabulary. The zod schemas here are also the source of the OpenAPI document (server/openapi.ts).
import { z } from 'zod';
import type { Container } from '@/server/container';
import { AppError } from '@/server/errors';
import { getViewerRoom } from './room-view';

/**
 * A room id as the query string carries it: exactly 1 … 2147483647 (PostgreSQL's integer) in
 * plain decimal, no sign, no leading zeros. The server validates with this expression and the
 * OpenAPI document publishes it, so the two cannot drift apart.
 */
export const LIVE_ID_PATTERN =
  /^(?:[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])$/;

/** Why a live_id does not match LIVE_ID_PATTERN, in the words a caller can act on. */
function liveIdProblem(value: string): string {
  if (!/^\d+$/.test(value)) return 'live_id must be a whole number';
  if (/^0+$/.test(value)) return 'live_id must be positive';
  if (value.startsWith('0')) return 'live_id must not start with 0';
  return 'live_id is out of range';
}

export const goodsListQuery = z.object({
  live_id: z
    .string({ error: 'live_id is required' })
    .superRefine((value, ctx) => {
      if (!LIVE_ID_PATTERN.test(value)) ctx.addIssue({ code: 'custom', message: liveIdProblem(value) });
    })
    .transform(Number)
    .meta({ description: 'The live session id: 1 … 2147483647, plain decimal', example: '1', pattern: LIVE_ID_PATTERN.source }),
});

export const goodsListItem = z
  .object({
    room_goods_id: z.number().int(),
    spu_id: z.number().int(),
    title: z.string(),
    image: z.string().nullable(),
    sort: z.number().int().meta({ description: 'Position in the host’s order, ascending' }),
    min_price: z.number().int().meta({ description: 'Lowest SKU price, in fen' }),
    max_price: z.number().int().meta({ description: 'Highest SKU price, in fen' }),
    stock: z.number().int(),
    stock_state: z.enum(['in_stock', 'low', 'sold_out']),
    pinned: z.boolean().meta({ description: 'Being presented (讲解) right now' }),
    is_welfare: z.boolean(),
    flash: z
      .object({ min_price: z.number().int(), remaining: z.number().int(), starts_at: z.string(), ends_at: z.string() })
      .nullable()
      .meta({ description: 'The flash sale (秒杀) running now, if any' }),
    detail_url: z.string().meta({ description: 'Deep link to the goods detail page (source_type=live)' }),
  })
  .meta({ id: 'GoodsListItem' });

export const goodsListResponse = z
  .object({
    live_id: z.number().int(),
    title: z.string(),
    status: z.enum(['SCHEDULED', 'LIVE', 'ENDED']),
    version: z.number().int().meta({ description: 'Bumped on every change to the room’s goods' }),
    goods: z.array(goodsListItem),
  })
  .meta({ id: 'GoodsListResponse' });

export const errorResponse = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error' });

export type RestResult = { status: number; body: unknown };

export async function goodsListHandler(container: Container, params: URLSearchParams): Promise<RestResult> {
  const parsed = goodsListQuery.safeParse({ live_id: params.get('live_id') ?? undefined });
  if (!parsed.success) {
    return { status: 400, body: { error: { code: 'BAD_REQUEST', message: parsed.error.issues.map((i) => i.message).join('; ') } } };
  }
  try {
    const room = await getViewerRoom(container, parsed.data.live_id);
    const body: z.infer<typeof goodsListResponse> = {
      live_id: room.id,
      title: room.title,
      status: room.status,
      version: room.version,
      goods: room.goods.map((g) => ({
        room_goods_id: g.roomGoodsId,
        spu_id: g.spuId,
        title: g.title,
        image: g.image,
        sort: g.sort,
        min_price: g.minPrice,
        max_price: g.maxPrice,
        stock: g.available,
        stock_state: g.stockState,
        pinned: g.pinned,
        is_welfare: g.isWelfare,
        flash: g.flash ? { min_price: g.flash.minPrice, remaining: g.flash.remaining, starts_at: g.flash.startsAt, ends_at: g.flash.endsAt } : null,
        detail_url: `/goods/${g.spuId}?source_type=live&live_id=${room.id}`,
      })),
    };
    return { status: 200, body };
  } catch (error) {
    if (error instanceof AppError) return { status: error.httpStatus, body: { error: { code: error.code, message: error.message } } };
    throw error;
  }
}

// The cart list is the hottest read of a live room: the rendered body is kept in process for
// half a second (changes still reach viewers within a second; the shared cache behind it is
// rebuilt on every change).
const BODY_TTL_MS = 500;
const bodies = new WeakMap<Container, Map<string, { status: number; body: string; until: number }>>();

export async function goodsListBody(container: Container, params: URLSearchParams): Promise<{ status: number; body: string }> {
  let cache = bodies.get(container);
  if (!cache) bodies.set(container, (cache = new Map()));
  const key = params.get('live_id') ?? '';
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit;
  const { status, body } = await goodsListHandler(container, params);
  const entry = { status, body: JSON.stringify(body), until: now + BODY_TTL_MS };
  if (status === 200) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, entry);
  }
  return entry;
}
