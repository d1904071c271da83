import { OpsAudit } from '@/components/ops/ops-audit';

export default function OpsAuditPage() {
  return <OpsAudit />;
}
