export interface ApiAnswer {
  status: number;
  headers: Headers;
  // Answers are checked field by field against what each test expects.
  json: any;
}

export interface ApiCall {
  token?: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request to the real server's REST API, as a script would make it. */
export async function callApi(baseUrl: string, path: string, { token, method = "GET", body, headers = {} }: ApiCall = {}): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { "content-type": "application/json" }),
      ...headers,
    },
    ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === "" ? null : JSON.parse(text) };
}
