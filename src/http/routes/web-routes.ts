// The browser app: static files from webRoot with an index.html fallback for client-side routes,
// or a placeholder page when the app has not been built.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';

/** The routes the placeholder page lists, mirrored in the OpenAPI document. */
const API_SUMMARY: Array<[string, string]> = [
  ['POST /api/chat', '提问并获得带引用的回答（stream: true 时为 SSE）'],
  ['GET /api/search?q=', '全文检索案例段落'],
  ['GET /api/cases', '案例列表（chapter / province / founded / mentions 过滤）'],
  ['GET /api/cases/{number}', '单个案例全文与实体'],
  ['GET /api/entities?q=&type=', '查找实体'],
  ['GET /api/entities/{id}', '实体及其一跳邻居'],
  ['GET /api/graph/shared-partners', '多个园区科协共同的合作方'],
  ['GET /api/graph/path?from=&to=', '两个实体之间的最短路径'],
  ['GET /api/stats', '节点与关系计数'],
  ['GET /healthz, GET /readyz', '存活与就绪检查'],
  ['GET /openapi.json', 'OpenAPI 3.1 接口说明'],
];

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>park-kg：网页应用尚未构建</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6}code{background:#f3f3f3;padding:0 .25rem}</style>
</head>
<body>
<h1>park-kg 园区科协案例知识图谱</h1>
<p>网页应用尚未构建（web app not built）。API 可正常使用：</p>
<ul>
${API_SUMMARY.map(([route, text]) => `<li><code>${route.replace(/&/g, '&amp;')}</code> — ${text}</li>`).join('\n')}
</ul>
</body>
</html>
`;

/** True when `webRoot` is a folder with an index.html, i.e. a built app to serve. */
export function isBuiltWebApp(webRoot: string | undefined): webRoot is string {
  if (webRoot === undefined) return false;
  try {
    return statSync(webRoot).isDirectory() && existsSync(path.join(webRoot, 'index.html'));
  } catch {
    return false;
  }
}

/**
 * Serves the web app. Unknown GET paths without a file extension get index.html (client-side
 * routes); a missing `/app.js` stays a 404 so the browser never runs HTML as a script.
 */
export function webRoutes(webRoot: string | undefined): Router {
  const router = Router();
  if (!isBuiltWebApp(webRoot)) {
    router.get('/', (_req, res) => {
      res.status(200).type('html').set('Cache-Control', 'no-cache').send(PLACEHOLDER_PAGE);
    });
    return router;
  }
  const root = path.resolve(webRoot);
  router.use(express.static(root, { index: 'index.html', dotfiles: 'ignore', fallthrough: true, redirect: false }));
  router.get(/.*/, indexFallback(root));
  return router;
}

function indexFallback(root: string): RequestHandler {
  return (req, res, next) => {
    const lastSegment = req.path.split('/').pop() ?? '';
    if (req.path === '/api' || req.path.startsWith('/api/') || lastSegment.includes('.')) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile('index.html', { root, dotfiles: 'deny' }, (error) => {
      // Once bytes are out (or the client left) there is nothing useful to send.
      if (error && !res.headersSent) next(error);
    });
  };
}
