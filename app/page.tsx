import { HomeLinks } from '@/components/layout/home-links';

export default function HomePage() {
  return <HomeLinks />;
}
