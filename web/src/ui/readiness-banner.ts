// A banner while GET /readyz says the service is not ready (store down, index missing): checked
// at start, then every 20 s until it recovers, and again whenever the user asks.
import { describeError } from '../api/api-error.js';
import { getReadiness } from '../api/client.js';
import type { Readiness } from '../api/types.js';
import { button, h, replaceChildren } from './dom.js';

const RETRY_MS = 20_000;

/** What each failing check means to a user, in Chinese; unknown checks show their own name. */
const CHECK_NAMES: Record<string, string> = { store: '图数据库', index: '文本索引', service: '服务' };

export function watchReadiness(banner: HTMLElement): void {
  let timer: number | undefined;
  const check = async () => {
    window.clearTimeout(timer);
    let message: string | undefined;
    try {
      const readiness = await getReadiness();
      if (!readiness.ready) message = `服务尚未就绪：${failing(readiness)}。部分功能暂不可用。`;
    } catch (error) {
      message = `无法确认服务状态：${describeError(error)}`;
    }
    if (message === undefined) {
      banner.hidden = true;
      replaceChildren(banner);
      return;
    }
    replaceChildren(banner, h('span', {}, message), button('重新检查', () => void check(), { class: 'button button-small' }));
    banner.hidden = false;
    timer = window.setTimeout(() => void check(), RETRY_MS);
  };
  void check();
}

function failing(readiness: Readiness): string {
  const parts = Object.entries(readiness.checks)
    .filter(([, check]) => !check.ok)
    .map(([name, check]) => `${CHECK_NAMES[name] ?? name}${check.detail ? `（${check.detail}）` : ''}`);
  return parts.length > 0 ? parts.join('、') : '原因未知';
}
