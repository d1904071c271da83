-- CreateEnum
CREATE TYPE "CommentKind" AS ENUM ('USER', 'SYSTEM');

-- CreateEnum
CREATE TYPE "CommentState" AS ENUM ('VISIBLE', 'DELETED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TrackingEventType" ADD VALUE 'ROOM_ENTER';
ALTER TYPE "TrackingEventType" ADD VALUE 'WANT';

-- AlterTable
ALTER TABLE "live_room_goods" ADD COLUMN     "keyword" VARCHAR(20),
ADD COLUMN     "want_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "live_session" ADD COLUMN     "like_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pinned_comment_id" BIGINT,
ADD COLUMN     "stream_url" VARCHAR(500) NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "live_comment" (
    "id" BIGSERIAL NOT NULL,
    "live_id" INTEGER NOT NULL,
    "user_id" INTEGER,
    "user_name" VARCHAR(40) NOT NULL,
    "kind" "CommentKind" NOT NULL DEFAULT 'USER',
    "text" VARCHAR(200) NOT NULL,
    "masked" BOOLEAN NOT NULL DEFAULT false,
    "state" "CommentState" NOT NULL DEFAULT 'VISIBLE',
    "deleted_by" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "live_comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_mute" (
    "live_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "muted_by" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "live_mute_pkey" PRIMARY KEY ("live_id","user_id")
);

-- CreateTable
CREATE TABLE "shop_banned_word" (
    "shop_id" INTEGER NOT NULL,
    "word" VARCHAR(20) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shop_banned_word_pkey" PRIMARY KEY ("shop_id","word")
);

-- CreateTable
CREATE TABLE "live_visit" (
    "id" BIGSERIAL NOT NULL,
    "live_id" INTEGER NOT NULL,
    "visitor_id" VARCHAR(64) NOT NULL,
    "user_id" INTEGER,
    "entered_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "left_at" TIMESTAMP(3),
    "seconds" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "live_visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_audience_minute" (
    "live_id" INTEGER NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "online" INTEGER NOT NULL,
    "entries" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "live_audience_minute_pkey" PRIMARY KEY ("live_id","minute")
);

-- CreateIndex
CREATE INDEX "live_comment_live_id_id_idx" ON "live_comment"("live_id", "id");

-- CreateIndex
CREATE INDEX "live_visit_live_id_entered_at_idx" ON "live_visit"("live_id", "entered_at");

-- CreateIndex
CREATE INDEX "live_visit_live_id_visitor_id_idx" ON "live_visit"("live_id", "visitor_id");

-- AddForeignKey
ALTER TABLE "live_comment" ADD CONSTRAINT "live_comment_live_id_fkey" FOREIGN KEY ("live_id") REFERENCES "live_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_mute" ADD CONSTRAINT "live_mute_live_id_fkey" FOREIGN KEY ("live_id") REFERENCES "live_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_visit" ADD CONSTRAINT "live_visit_live_id_fkey" FOREIGN KEY ("live_id") REFERENCES "live_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
