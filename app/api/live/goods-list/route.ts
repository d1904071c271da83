import { getContainer } from '@/server/container-ref';
import { goodsListHandler } from '@/server/modules/live/live.rest';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const { status, body } = await goodsListHandler(getContainer(), new URL(request.url).searchParams);
  return Response.json(body, { status });
}
