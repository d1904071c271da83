'use client';

import { GoodsLibrary } from './goods-library';
import { RoomList } from './room-list';

export function ConsoleHome() {
  return (
    <div className="grid gap-10">
      <RoomList />
      <GoodsLibrary />
    </div>
  );
}
