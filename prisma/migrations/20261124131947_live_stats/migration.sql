-- CreateEnum
CREATE TYPE "StreamStatus" AS ENUM ('PENDING', 'PAID', 'CANCELLED');

-- AlterTable
ALTER TABLE "live_order_stream" ADD COLUMN     "pin_segment_id" INTEGER,
ADD COLUMN     "status" "StreamStatus" NOT NULL DEFAULT 'PENDING';

-- CreateTable
CREATE TABLE "live_room_stats" (
    "live_id" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "paid_orders" INTEGER NOT NULL DEFAULT 0,
    "buyers" INTEGER NOT NULL DEFAULT 0,
    "gmv" INTEGER NOT NULL DEFAULT 0,
    "paid_gmv" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "live_room_stats_pkey" PRIMARY KEY ("live_id")
);

-- CreateIndex
CREATE INDEX "live_order_stream_live_id_order_time_idx" ON "live_order_stream"("live_id", "order_time");
