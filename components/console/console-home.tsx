'use client';

import { GoodsLibrary } from './goods-library';
import { RoomList } from './room-list';

export function ConsoleHome() {
  return (
    // minmax(0, 1fr): a wide table scrolls inside its own box instead of widening the page.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-10">
      <RoomList />
      <GoodsLibrary />
    </div>
  );
}
