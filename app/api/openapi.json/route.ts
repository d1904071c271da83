import { buildOpenApiDocument } from '@/server/openapi';

export function GET() {
  return Response.json(buildOpenApiDocument());
}
