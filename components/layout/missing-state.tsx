import Link from 'next/link';

/**
 * What the user sees for an object that is not there (or not theirs to see, which looks the
 * same): what is missing and a way on, never a retry — asking again will not make it appear.
 */
export function MissingState({ title, back }: { title: string; back?: { href: string; label: string } }) {
  return (
    <div role="status" data-testid="not-found" className="m-4 rounded-xl border border-dashed border-zinc-300 bg-white p-8 text-center text-sm text-zinc-600">
      <p className="font-medium text-zinc-900">{title}</p>
      {back ? (
        <Link href={back.href} className="mt-4 inline-block rounded-md border border-zinc-300 px-3 py-1.5 text-zinc-700 hover:bg-zinc-100">
          {back.label}
        </Link>
      ) : null}
    </div>
  );
}
