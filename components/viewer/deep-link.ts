// The seed's deep link to the goods detail:
// /goods/<spu>?source_type=live&live_id=…&tracking_code=…&trace_id=…
// One click is one trace: its tracking code is `tc` + the trace id (server/trace-id.ts).
import { newTraceId, traceIdOfTrackingCode } from '@/server/trace-id';

export function newTrackingCode(): string {
  return `tc${newTraceId()}`;
}

export function detailLink(spuId: number, liveId: number, trackingCode: string): string {
  const q = new URLSearchParams({ source_type: 'live', live_id: String(liveId), tracking_code: trackingCode });
  const traceId = traceIdOfTrackingCode(trackingCode);
  if (traceId) q.set('trace_id', traceId);
  return `/goods/${spuId}?${q.toString()}`;
}
