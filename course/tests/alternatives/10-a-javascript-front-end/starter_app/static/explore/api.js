// Talking to the JSON API: every answer comes back as data, or as an Error whose message
// can be shown to the visitor as it is.

const UNREACHABLE = "The server cannot be reached.";

async function call(path, { method = "GET", payload, signal } = {}) {
  const headers = new Headers({ Accept: "application/json" });
  const init = { method, headers, signal, credentials: "same-origin" };
  if (payload !== undefined) {
    headers.set("Content-Type", "application/json"); // else the API answers 415
    init.body = JSON.stringify(payload);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === "AbortError") throw error; // cancelled on purpose: not a failure
    throw new Error(UNREACHABLE);
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(body?.message ?? `The server answered ${response.status}.`);
  }
  return body;
}

export function getJson(path, signal) {
  return call(path, { signal });
}

export function postJson(path, payload) {
  return call(path, { method: "POST", payload });
}
