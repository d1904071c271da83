import { OpsHome } from '@/components/ops/ops-home';

export default function OpsPage() {
  return <OpsHome />;
}
