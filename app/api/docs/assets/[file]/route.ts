import { readFile } from 'node:fs/promises';
import path from 'node:path';

const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

// Inline scripts would need a CSP exception; this one boots Swagger UI on our document.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (file === 'init.js') return new Response(INIT, { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
  const type = FILES[file];
  if (!type) return new Response('Not found', { status: 404 });
  const body = await readFile(path.resolve('node_modules/swagger-ui-dist', file));
  return new Response(body, { headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' } });
}
