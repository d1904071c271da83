-- AlterTable
ALTER TABLE "goods_sku" ALTER COLUMN "specs" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "live_order_item" ALTER COLUMN "specs" SET DATA TYPE JSON;
