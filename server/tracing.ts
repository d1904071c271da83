// Traces (OpenTelemetry). The seed follows a buyer from the room's card click through the detail
// page to the order and its payment by a trace_id in the jump parameters; here that id is a W3C
// trace id: the deep link carries it (trace_id), the pages send it as `traceparent`, and every
// request of the trail joins that trace — the detail view, the order with its gate and commit
// spans, then the outbox relay and the stats in whichever process runs them.
//
// Spans are exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard
// variable; OTEL_SERVICE_NAME too) and cost next to nothing otherwise (the API's no-op tracer).
// The ids are kept either way: orders and funnel events store their trace_id, so ops can open an
// order's trail (server/modules/orders/order-trail.ts) without a tracing backend.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { isTraceId } from './trace-id';

export const tracer = trace.getTracer('livecart');
let exporting = false;

/** Whether spans go anywhere (work done only for spans — e.g. reading ids to link — is skipped otherwise). */
export const tracingOn = () => exporting;

/** Starts exporting when an OTLP endpoint is configured; returns the function that flushes and stops. */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): () => Promise<void> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    // No backend: no spans, but incoming trace ids are still read (traceIdOf) and stored.
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    return async () => undefined;
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? serviceName }),
    // OTLP over HTTP with JSON bodies; other OTEL_EXPORTER_OTLP_* settings (headers, timeout) are read by the exporter.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${env.OTEL_EXPORTER_OTLP_ENDPOINT!.replace(/\/$/, '')}/v1/traces` }))],
  });
  // Also installs the W3C propagator and the async context manager (spans nest across awaits).
  provider.register();
  exporting = true;
  return () => provider.shutdown();
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/** The trace id a request carries in its W3C `traceparent` header, if valid (never all zeros). */
export function traceIdOf(headers: IncomingMessage['headers']): string | undefined {
  const value = headers.traceparent;
  const id = typeof value === 'string' ? TRACEPARENT.exec(value.trim())?.[1] : undefined;
  return id && !/^0+$/.test(id) ? id : undefined;
}


/** Runs an HTTP request's handling inside a server span that continues the caller's trace. */
export function inRequestSpan(req: IncomingMessage, res: ServerResponse, name: string, handle: () => void) {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': (req.url ?? '').split('?')[0] } }, parent);
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), handle);
}

/** A unit of work as a child span of whatever is active (a request, a relay pass). */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, parent?: Context): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The context of a stored trace id (a relayed order event), so later work joins the buyer's trace. */
export function contextOfTraceId(traceId: string | null | undefined): Context | undefined {
  if (!traceId || !isTraceId(traceId)) return undefined;
  // A remote parent with the trace's id; the span id only has to be valid.
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: traceId.slice(0, 16), traceFlags: 1, isRemote: true });
}
