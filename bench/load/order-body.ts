// The order request as the browser's checkout sends it (tRPC over HTTP, superjson envelope).
export const ADDRESS = { name: '张三', phone: '13800138000', region: '浙江省杭州市', detail: '文三路1号' };

export interface StormTarget {
  cookiesFile: string;
  liveId: number;
  skuId: number;
  flashSkuId: number;
}

export const orderBody = (t: StormTarget, idempotencyKey: string) =>
  JSON.stringify({ json: { liveId: t.liveId, skuId: t.skuId, flashSkuId: t.flashSkuId, quantity: 1, idempotencyKey, address: ADDRESS } });
