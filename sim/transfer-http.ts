// The CPE's transfer client: HTTP with Basic or Digest (answering a 401 once), and the TR-069 fault
// a failed transfer reports.
import { basicAuthorization, digestAuthorization, parseAuthorization } from "../server/cwmp/transport/digest";

export class TransferError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function transferFetch(
  url: string,
  init: RequestInit,
  user: string,
  pass: string,
  timeoutMs = 30_000,
): Promise<Response> {
  if (!/^https?:\/\//i.test(url)) throw new TransferError(9013, `unsupported protocol in ${url}`);
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal });
    if (res.status === 401 && user !== "") {
      const challenge = parseAuthorization(res.headers.get("www-authenticate") ?? undefined);
      const { pathname, search } = new URL(url);
      const auth =
        challenge?.scheme === "Digest"
          ? digestAuthorization({
              method: init.method ?? "GET",
              uri: pathname + search,
              username: user,
              password: pass,
              challenge: challenge.params,
            })
          : basicAuthorization(user, pass);
      await res.body?.cancel();
      res = await fetch(url, {
        ...init,
        signal,
        headers: { ...(init.headers as Record<string, string>), authorization: auth },
      });
    }
  } catch (err) {
    throw new TransferError(
      9015,
      `cannot contact file server: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new TransferError(9012, `HTTP ${res.status}`);
  }
  return res;
}
