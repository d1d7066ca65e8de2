// One error type for everything the API (or the network) can do to the page, with the Chinese
// sentence the user reads and the code support staff ask for.

/** Codes the client adds to the server's own (src/errors.ts). */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE' | 'ABORTED';

const MESSAGES: Record<string, string> = {
  STORE_UNAVAILABLE: '图数据库暂不可用，请稍后重试',
  STORE_AUTH_FAILED: '图数据库拒绝了服务器的凭据，请联系管理员',
  STORE_CORRUPT: '图数据异常，需要重新导入案例',
  STORE_EMPTY: '尚未导入案例，请先运行 park-kg ingest',
  NOT_FOUND: '没有找到相应内容',
  INPUT_INVALID: '输入有误',
  PAYLOAD_TOO_LARGE: '内容过长，请缩短后再试',
  UNSUPPORTED_MEDIA_TYPE: '请求格式不受支持',
  RATE_LIMITED: '提问太频繁了，请稍等片刻再试',
  LLM_TIMEOUT: '语言模型响应超时，请重试',
  LLM_UNAVAILABLE: '语言模型暂不可用，请稍后重试',
  INTERNAL: '服务器内部错误',
  CONFIG_INVALID: '服务器配置有误，请联系管理员',
  NETWORK: '无法连接服务器，请检查网络或确认服务已启动',
  BAD_RESPONSE: '服务器返回了无法识别的内容',
  ABORTED: '已停止',
};

/** A failed request: HTTP status (0 when none), stable code, and the server's own message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;

  constructor(status: number, code: string, detail = '') {
    super(`${code}: ${detail}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** The sentence shown to the user: Chinese first, the code in brackets for support. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const text = MESSAGES[error.code] ?? '请求失败';
    // Validation messages name the field that was wrong; that helps the user fix it.
    const detail = error.code === 'INPUT_INVALID' && error.detail !== '' ? `：${error.detail}` : '';
    return `${text}${detail}（错误代码 ${error.code}${error.status > 0 ? ` · HTTP ${error.status}` : ''}）`;
  }
  if (error instanceof DOMException && error.name === 'AbortError') return MESSAGES.ABORTED ?? '已停止';
  return `${MESSAGES.INTERNAL}（错误代码 INTERNAL）`;
}

/** Reads `{"error":{"code","message"}}` from a failed response, tolerating anything else. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let code = response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE';
  let detail = response.statusText;
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const error = (body as { error: unknown }).error;
      if (typeof error === 'object' && error !== null) {
        const record = error as Record<string, unknown>;
        if (typeof record.code === 'string') code = record.code;
        if (typeof record.message === 'string') detail = record.message;
      }
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the status-based code.
  }
  return new ApiError(response.status, code, detail);
}
