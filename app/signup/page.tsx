import { safeNext } from '@/components/auth/auth-words';
import { SignUpForm } from '@/components/auth/sign-up-form';

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string; invite?: string }> }) {
  const { next, invite } = await searchParams;
  return <SignUpForm next={safeNext(next)} invitation={typeof invite === 'string' ? invite.slice(0, 40) : undefined} />;
}
