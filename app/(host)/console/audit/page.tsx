import { ShopAudit } from '@/components/console/shop-audit';

export default function ConsoleAuditPage() {
  return <ShopAudit />;
}
