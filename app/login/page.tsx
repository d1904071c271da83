import { safeNext } from '@/components/auth/auth-words';
import { SignInForm } from '@/components/auth/sign-in-form';
import { pageDemoMode } from '@/server/modules/auth/page-session';

// Demo mode is the running instance's, read at request time.
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <SignInForm next={safeNext(next)} demo={pageDemoMode()} />;
}
