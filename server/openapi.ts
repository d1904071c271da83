// The OpenAPI 3.1 document of the REST edges, generated from the same zod schemas they validate with.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { errorResponse, goodsListQuery, goodsListResponse } from './modules/live/live.rest';

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerPath({
    method: 'get',
    path: '/api/live/goods-list',
    summary: 'The goods of a live room’s cart (小黄车)',
    description: 'On-shelf goods of a scheduled or live room in the host’s order. Served from a preheated cache while the room is live.',
    tags: ['live'],
    request: { query: goodsListQuery },
    responses: {
      200: { description: 'The room’s goods', content: { 'application/json': { schema: goodsListResponse } } },
      400: { description: 'live_id missing or malformed', content: { 'application/json': { schema: errorResponse } } },
      404: { description: 'No such live room', content: { 'application/json': { schema: errorResponse } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness and readiness',
    tags: ['ops'],
    responses: { 200: { description: 'Database (and Redis) answer' }, 503: { description: 'A dependency does not answer' } },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Livecart API', version: '1.0.0', description: 'REST edges of Livecart. The app itself talks tRPC at /api/trpc.' },
    servers: [{ url: '/' }],
  });
}
