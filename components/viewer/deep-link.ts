// The seed's deep link to the goods detail: /goods/<spu>?source_type=live&live_id=…&tracking_code=…
export function newTrackingCode(): string {
  return `tc${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export function detailLink(spuId: number, liveId: number, trackingCode: string): string {
  const q = new URLSearchParams({ source_type: 'live', live_id: String(liveId), tracking_code: trackingCode });
  return `/goods/${spuId}?${q.toString()}`;
}
