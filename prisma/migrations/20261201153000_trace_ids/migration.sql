-- The buyer's trail: funnel events keep the W3C trace id of their request (the seed's trace_id).
ALTER TABLE "tracking_event" ADD COLUMN "trace_id" VARCHAR(32);
CREATE INDEX "tracking_event_trace_id_idx" ON "tracking_event"("trace_id");
