-- DropForeignKey
ALTER TABLE "live_pin_segment" DROP CONSTRAINT "live_pin_segment_room_goods_id_fkey";

-- AlterTable
ALTER TABLE "live_pin_segment" ALTER COLUMN "room_goods_id" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "live_pin_segment" ADD CONSTRAINT "live_pin_segment_room_goods_id_fkey" FOREIGN KEY ("room_goods_id") REFERENCES "live_room_goods"("id") ON DELETE SET NULL ON UPDATE CASCADE;
