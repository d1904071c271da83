import { MembersPage } from '@/components/console/members-page';

export default function ConsoleMembersPage() {
  return <MembersPage />;
}
