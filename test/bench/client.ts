import { Agent, request } from 'undici';

export interface JsonClient {
  get<T>(path: string, headers?: Record<string, string>): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  close(): Promise<void>;
}

/**
 * JSON over undici with keep-alive (the bench's own client, so `fetch` overhead never counts). No
 * timeouts: a load test's request is answered when the run ends, minutes later. Requests carry
 * `Authorization: AccessKey bench` unless `headers` say otherwise.
 */
export function createJsonClient(baseUrl: string, connections = 64): JsonClient {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections, headersTimeout: 0, bodyTimeout: 0 });
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Promise<T> => {
    const response = await request(`${baseUrl}${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: 'AccessKey bench', 'content-type': 'application/json', ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    get: (path, headers) => call('GET', path, undefined, headers),
    post: (path, body, headers) => call('POST', path, body ?? {}, headers),
    close: () => agent.close(),
  };
}
