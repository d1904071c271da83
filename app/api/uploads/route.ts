import { getContainer } from '@/server/container-ref';
import { BodyTooLargeError, readRequestBody, tooLargeRestBody, UPLOAD_BODY_LIMIT } from '@/server/edges/body';
import { foreignOriginError, isAllowedOrigin } from '@/server/edges/origin';
import { AppError, restErrorBody } from '@/server/errors';
import { saveUpload } from '@/server/modules/catalog/uploads';
import { getPageUser } from '@/server/modules/auth/page-session';

const refuse = (error: AppError) => Response.json(restErrorBody(error), { status: error.httpStatus });
const tooLarge = () => Response.json(tooLargeRestBody(UPLOAD_BODY_LIMIT), { status: 413 });

/** Hosts upload goods images here (multipart field "file"); the answer is the image's URL. */
export async function POST(request: Request) {
  const { env } = getContainer();
  // Before anything else: another site's page may not upload with a host's cookies.
  if (!isAllowedOrigin(request.headers, env.APP_ORIGINS)) return refuse(foreignOriginError());
  // A declared length over the limit is refused unread.
  if (Number(request.headers.get('content-length')) > UPLOAD_BODY_LIMIT) return tooLarge();
  const user = await getPageUser();
  if (!user) return refuse(new AppError('UNAUTHORIZED', 'Sign in first'));
  if (user.role !== 'HOST') return refuse(new AppError('FORBIDDEN', 'Only hosts upload goods images'));
  try {
    const body = await readRequestBody(request, UPLOAD_BODY_LIMIT);
    const form = await new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
    const file = form.get('file');
    if (!(file instanceof File)) throw new AppError('BAD_REQUEST', 'Send the image in the form field "file"', 'NO_FILE');
    const url = await saveUpload(env, new Uint8Array(await file.arrayBuffer()));
    return Response.json({ url }, { status: 201 });
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLarge();
    if (error instanceof AppError) return refuse(error);
    // A body that is not multipart form data.
    if (error instanceof TypeError) return refuse(new AppError('BAD_REQUEST', 'Send the image as multipart/form-data in the field "file"', 'NO_FILE'));
    throw error;
  }
}
