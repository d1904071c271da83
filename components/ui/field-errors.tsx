'use client';

/** Server validation issues by dotted path ("skus.2.price"), from a tRPC error. */
export function issuesOf(error: unknown): Map<string, string> {
  const issues = (error as { data?: { zod?: { issues?: { path: string; message: string }[] } | null } } | null)?.data?.zod?.issues ?? [];
  const map = new Map<string, string>();
  for (const issue of issues) if (!map.has(issue.path)) map.set(issue.path, issue.message);
  return map;
}

export function FieldError({ issues, path }: { issues: Map<string, string>; path: string }) {
  const message = issues.get(path);
  return message ? (
    <span role="alert" data-field-error={path} className="mt-1 block text-xs text-red-600">
      {message}
    </span>
  ) : null;
}

export function ErrorBanner({ error }: { error: { message: string } | null }) {
  return error ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {error.message}
    </p>
  ) : null;
}
