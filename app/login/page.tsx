import { SignInForm } from '@/components/auth/sign-in-form';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths, so the sign-in page cannot be used to redirect elsewhere.
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
  return <SignInForm next={safeNext} />;
}
