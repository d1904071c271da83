import { getContainer } from '@/server/container-ref';
import { AppError } from '@/server/errors';
import { saveUpload } from '@/server/modules/catalog/uploads';
import { getPageUser } from '@/server/modules/auth/page-session';

/** Hosts upload goods images here (multipart field "file"); the answer is the image's URL. */
export async function POST(request: Request) {
  const user = await getPageUser();
  if (!user) return Response.json({ error: { code: 'UNAUTHORIZED', message: 'Sign in first' } }, { status: 401 });
  if (user.role !== 'HOST') return Response.json({ error: { code: 'FORBIDDEN', message: 'Only hosts upload goods images' } }, { status: 403 });
  try {
    const form = await request.formData();
    const file = form.get('file');
    if (!(file instanceof File)) throw new AppError('BAD_REQUEST', 'Send the image in the form field "file"');
    const url = await saveUpload(getContainer().env, new Uint8Array(await file.arrayBuffer()));
    return Response.json({ url }, { status: 201 });
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: { code: error.code, message: error.message } }, { status: error.httpStatus });
    throw error;
  }
}
