-- CreateEnum
CREATE TYPE "Role" AS ENUM ('HOST', 'VIEWER', 'OPS');

-- CreateEnum
CREATE TYPE "SpuStatus" AS ENUM ('ACTIVE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "LiveStatus" AS ENUM ('SCHEDULED', 'LIVE', 'ENDED');

-- CreateEnum
CREATE TYPE "FlashSaleStatus" AS ENUM ('SCHEDULED', 'ACTIVE', 'ENDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FlashStartMode" AS ENUM ('MANUAL', 'SCHEDULED');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('PENDING_PAYMENT', 'PAID', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'DONE', 'DEAD');

-- CreateEnum
CREATE TYPE "SyncFailStatus" AS ENUM ('RETRYING', 'DEAD', 'RESOLVED');

-- CreateEnum
CREATE TYPE "TrackingEventType" AS ENUM ('CART_OPEN', 'CARD_CLICK', 'DETAIL_VIEW');

-- CreateTable
CREATE TABLE "shop" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "username" VARCHAR(40) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "display_name" VARCHAR(40) NOT NULL,
    "role" "Role" NOT NULL,
    "shop_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "address" (
    "user_id" INTEGER NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "phone" VARCHAR(20) NOT NULL,
    "region" VARCHAR(80) NOT NULL,
    "detail" VARCHAR(200) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "address_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "category" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "sort" INTEGER NOT NULL DEFAULT 0,
    "parent_id" INTEGER,

    CONSTRAINT "category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "goods" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "title" VARCHAR(120) NOT NULL,
    "subtitle" VARCHAR(200) NOT NULL DEFAULT '',
    "description" VARCHAR(4000) NOT NULL DEFAULT '',
    "images" TEXT[],
    "spec_defs" JSONB NOT NULL DEFAULT '[]',
    "status" "SpuStatus" NOT NULL DEFAULT 'ACTIVE',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "goods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "goods_sku" (
    "id" SERIAL NOT NULL,
    "spu_id" INTEGER NOT NULL,
    "sku_code" VARCHAR(64) NOT NULL,
    "specs" JSONB NOT NULL DEFAULT '{}',
    "price" INTEGER NOT NULL,
    "stock" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "goods_sku_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_session" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "host_id" INTEGER NOT NULL,
    "title" VARCHAR(80) NOT NULL,
    "cover_image" TEXT NOT NULL DEFAULT '',
    "status" "LiveStatus" NOT NULL DEFAULT 'SCHEDULED',
    "scheduled_at" TIMESTAMP(3),
    "started_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "live_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_room_goods" (
    "id" SERIAL NOT NULL,
    "live_id" INTEGER NOT NULL,
    "spu_id" INTEGER NOT NULL,
    "sort" INTEGER NOT NULL,
    "on_shelf" BOOLEAN NOT NULL DEFAULT true,
    "pinned_at" TIMESTAMP(3),
    "is_welfare" BOOLEAN NOT NULL DEFAULT false,
    "stock_snapshot" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "live_room_goods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_pin_segment" (
    "id" SERIAL NOT NULL,
    "live_id" INTEGER NOT NULL,
    "room_goods_id" INTEGER NOT NULL,
    "spu_id" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "live_pin_segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flash_sale" (
    "id" SERIAL NOT NULL,
    "live_id" INTEGER NOT NULL,
    "room_goods_id" INTEGER NOT NULL,
    "status" "FlashSaleStatus" NOT NULL DEFAULT 'SCHEDULED',
    "start_mode" "FlashStartMode" NOT NULL DEFAULT 'SCHEDULED',
    "starts_at" TIMESTAMP(3) NOT NULL,
    "ends_at" TIMESTAMP(3) NOT NULL,
    "pay_window_seconds" INTEGER NOT NULL DEFAULT 600,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "flash_sale_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flash_sku" (
    "id" SERIAL NOT NULL,
    "flash_sale_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "flash_price" INTEGER NOT NULL,
    "flash_stock" INTEGER NOT NULL,
    "sold" INTEGER NOT NULL DEFAULT 0,
    "paid" INTEGER NOT NULL DEFAULT 0,
    "released" INTEGER NOT NULL DEFAULT 0,
    "per_user_limit" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "flash_sku_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_purchase" (
    "user_id" INTEGER NOT NULL,
    "flash_sku_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_purchase_pkey" PRIMARY KEY ("user_id","flash_sku_id")
);

-- CreateTable
CREATE TABLE "live_order" (
    "id" SERIAL NOT NULL,
    "order_sn" VARCHAR(32) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "live_id" INTEGER,
    "status" "OrderStatus" NOT NULL DEFAULT 'PENDING_PAYMENT',
    "source_channel" VARCHAR(20) NOT NULL DEFAULT 'live',
    "source_type" VARCHAR(20),
    "tracking_code" VARCHAR(64),
    "trace_id" VARCHAR(64),
    "pin_segment_id" INTEGER,
    "total_amount" INTEGER NOT NULL,
    "idempotency_key" VARCHAR(64) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "address" JSONB,
    "pay_deadline" TIMESTAMP(3) NOT NULL,
    "paid_at" TIMESTAMP(3),
    "cancelled_at" TIMESTAMP(3),
    "cancel_reason" VARCHAR(40),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "live_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_order_item" (
    "id" SERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "spu_id" INTEGER NOT NULL,
    "flash_sku_id" INTEGER,
    "title" VARCHAR(120) NOT NULL,
    "specs" JSONB NOT NULL DEFAULT '{}',
    "unit_price" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "live_order_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" BIGSERIAL NOT NULL,
    "type" VARCHAR(60) NOT NULL,
    "aggregate_id" VARCHAR(64) NOT NULL,
    "live_id" INTEGER,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_order_sync_fail_log" (
    "id" SERIAL NOT NULL,
    "outbox_id" BIGINT NOT NULL,
    "order_sn" VARCHAR(32) NOT NULL,
    "live_id" INTEGER,
    "fail_time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retry_count" INTEGER NOT NULL DEFAULT 0,
    "last_error_code" VARCHAR(60) NOT NULL,
    "last_error" VARCHAR(1000) NOT NULL DEFAULT '',
    "next_retry_at" TIMESTAMP(3),
    "status" "SyncFailStatus" NOT NULL DEFAULT 'RETRYING',
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "live_order_sync_fail_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_order_stream" (
    "order_sn" VARCHAR(32) NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "live_id" INTEGER NOT NULL,
    "spu_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "order_quantity" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "order_time" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "live_order_stream_pkey" PRIMARY KEY ("order_sn","sku_id")
);

-- CreateTable
CREATE TABLE "live_goods_sales" (
    "live_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "spu_id" INTEGER NOT NULL,
    "total_sales" INTEGER NOT NULL DEFAULT 0,
    "uv" INTEGER NOT NULL DEFAULT 0,
    "gmv" INTEGER NOT NULL DEFAULT 0,
    "paid_sales" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "live_goods_sales_pkey" PRIMARY KEY ("live_id","sku_id")
);

-- CreateTable
CREATE TABLE "tracking_event" (
    "id" BIGSERIAL NOT NULL,
    "type" "TrackingEventType" NOT NULL,
    "live_id" INTEGER,
    "spu_id" INTEGER,
    "sku_id" INTEGER,
    "user_id" INTEGER,
    "visitor_id" VARCHAR(64),
    "tracking_code" VARCHAR(64),
    "source_type" VARCHAR(20),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracking_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "app_user_username_key" ON "app_user"("username");

-- CreateIndex
CREATE INDEX "app_user_shop_id_idx" ON "app_user"("shop_id");

-- CreateIndex
CREATE UNIQUE INDEX "category_name_key" ON "category"("name");

-- CreateIndex
CREATE INDEX "goods_shop_id_status_idx" ON "goods"("shop_id", "status");

-- CreateIndex
CREATE INDEX "goods_category_id_idx" ON "goods"("category_id");

-- CreateIndex
CREATE UNIQUE INDEX "goods_sku_spu_id_sku_code_key" ON "goods_sku"("spu_id", "sku_code");

-- CreateIndex
CREATE INDEX "live_session_shop_id_status_idx" ON "live_session"("shop_id", "status");

-- CreateIndex
CREATE INDEX "live_session_status_idx" ON "live_session"("status");

-- CreateIndex
CREATE INDEX "live_room_goods_live_id_sort_idx" ON "live_room_goods"("live_id", "sort");

-- CreateIndex
CREATE UNIQUE INDEX "live_room_goods_live_id_spu_id_key" ON "live_room_goods"("live_id", "spu_id");

-- CreateIndex
CREATE INDEX "live_pin_segment_live_id_started_at_idx" ON "live_pin_segment"("live_id", "started_at");

-- CreateIndex
CREATE INDEX "flash_sale_live_id_status_idx" ON "flash_sale"("live_id", "status");

-- CreateIndex
CREATE INDEX "flash_sku_sku_id_idx" ON "flash_sku"("sku_id");

-- CreateIndex
CREATE UNIQUE INDEX "flash_sku_flash_sale_id_sku_id_key" ON "flash_sku"("flash_sale_id", "sku_id");

-- CreateIndex
CREATE UNIQUE INDEX "live_order_order_sn_key" ON "live_order"("order_sn");

-- CreateIndex
CREATE INDEX "live_order_live_id_created_at_idx" ON "live_order"("live_id", "created_at");

-- CreateIndex
CREATE INDEX "live_order_status_pay_deadline_idx" ON "live_order"("status", "pay_deadline");

-- CreateIndex
CREATE INDEX "live_order_user_id_created_at_idx" ON "live_order"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "live_order_user_id_idempotency_key_key" ON "live_order"("user_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "live_order_item_order_id_idx" ON "live_order_item"("order_id");

-- CreateIndex
CREATE INDEX "live_order_item_flash_sku_id_idx" ON "live_order_item"("flash_sku_id");

-- CreateIndex
CREATE INDEX "outbox_event_status_available_at_idx" ON "outbox_event"("status", "available_at");

-- CreateIndex
CREATE INDEX "live_order_sync_fail_log_status_next_retry_at_idx" ON "live_order_sync_fail_log"("status", "next_retry_at");

-- CreateIndex
CREATE UNIQUE INDEX "live_order_sync_fail_log_outbox_id_key" ON "live_order_sync_fail_log"("outbox_id");

-- CreateIndex
CREATE INDEX "live_order_stream_live_id_sku_id_user_id_idx" ON "live_order_stream"("live_id", "sku_id", "user_id");

-- CreateIndex
CREATE INDEX "tracking_event_live_id_type_created_at_idx" ON "tracking_event"("live_id", "type", "created_at");

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "address" ADD CONSTRAINT "address_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "category" ADD CONSTRAINT "category_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "category"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goods" ADD CONSTRAINT "goods_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goods" ADD CONSTRAINT "goods_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goods_sku" ADD CONSTRAINT "goods_sku_spu_id_fkey" FOREIGN KEY ("spu_id") REFERENCES "goods"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_session" ADD CONSTRAINT "live_session_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_session" ADD CONSTRAINT "live_session_host_id_fkey" FOREIGN KEY ("host_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_room_goods" ADD CONSTRAINT "live_room_goods_live_id_fkey" FOREIGN KEY ("live_id") REFERENCES "live_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_room_goods" ADD CONSTRAINT "live_room_goods_spu_id_fkey" FOREIGN KEY ("spu_id") REFERENCES "goods"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_pin_segment" ADD CONSTRAINT "live_pin_segment_live_id_fkey" FOREIGN KEY ("live_id") REFERENCES "live_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_pin_segment" ADD CONSTRAINT "live_pin_segment_room_goods_id_fkey" FOREIGN KEY ("room_goods_id") REFERENCES "live_room_goods"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sale" ADD CONSTRAINT "flash_sale_live_id_fkey" FOREIGN KEY ("live_id") REFERENCES "live_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sale" ADD CONSTRAINT "flash_sale_room_goods_id_fkey" FOREIGN KEY ("room_goods_id") REFERENCES "live_room_goods"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sku" ADD CONSTRAINT "flash_sku_flash_sale_id_fkey" FOREIGN KEY ("flash_sale_id") REFERENCES "flash_sale"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sku" ADD CONSTRAINT "flash_sku_sku_id_fkey" FOREIGN KEY ("sku_id") REFERENCES "goods_sku"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_purchase" ADD CONSTRAINT "user_purchase_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_purchase" ADD CONSTRAINT "user_purchase_flash_sku_id_fkey" FOREIGN KEY ("flash_sku_id") REFERENCES "flash_sku"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_order" ADD CONSTRAINT "live_order_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_order" ADD CONSTRAINT "live_order_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_order" ADD CONSTRAINT "live_order_live_id_fkey" FOREIGN KEY ("live_id") REFERENCES "live_session"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_order" ADD CONSTRAINT "live_order_pin_segment_id_fkey" FOREIGN KEY ("pin_segment_id") REFERENCES "live_pin_segment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_order_item" ADD CONSTRAINT "live_order_item_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "live_order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_order_item" ADD CONSTRAINT "live_order_item_sku_id_fkey" FOREIGN KEY ("sku_id") REFERENCES "goods_sku"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_order_item" ADD CONSTRAINT "live_order_item_flash_sku_id_fkey" FOREIGN KEY ("flash_sku_id") REFERENCES "flash_sku"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_order_sync_fail_log" ADD CONSTRAINT "live_order_sync_fail_log_outbox_id_fkey" FOREIGN KEY ("outbox_id") REFERENCES "outbox_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
