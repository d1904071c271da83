// Trace ids, shared by the browser and the server (no imports). A card click's tracking code is
// `tc` + a W3C trace id (32 hex digits), so the click, the detail views and the order of one
// buyer's trail carry the same trace (the seed's trace_id) even where no header does.

export const isTraceId = (value: string | null | undefined): value is string => !!value && /^[\da-f]{32}$/.test(value) && !/^0+$/.test(value);

/** A new random W3C trace id. */
export function newTraceId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The trace id a tracking code carries (codes made by newTrackingCode), if any. */
export function traceIdOfTrackingCode(code: string | null | undefined): string | undefined {
  const id = /^tc([\da-f]{32})$/.exec(code ?? '')?.[1];
  return isTraceId(id) ? id : undefined;
}
