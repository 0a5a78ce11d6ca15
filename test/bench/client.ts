import { Agent, request } from 'undici';

export interface JsonClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** JSON over undici with keep-alive (the bench's own client, so `fetch` overhead never counts). */
export function createJsonClient(baseUrl: string, connections = 64): JsonClient {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections });
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await request(`${baseUrl}${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: 'AccessKey bench', 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    close: () => agent.close(),
  };
}
