import { GoodsForm } from '@/components/console/goods-form';

export default function NewGoodsPage() {
  return <GoodsForm />;
}
