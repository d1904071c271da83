import { ConsoleHome } from '@/components/console/console-home';

export default function ConsolePage() {
  return <ConsoleHome />;
}
