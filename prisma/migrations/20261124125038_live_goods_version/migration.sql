-- AlterTable
ALTER TABLE "live_session" ADD COLUMN     "goods_version" INTEGER NOT NULL DEFAULT 0;
