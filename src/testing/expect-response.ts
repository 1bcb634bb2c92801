import { expect } from "bun:test";

/**
 * Assert the status of a response and return its parsed JSON body (undefined when empty).
 * The assertion compares "status body", so a failure prints what the server sent.
 */
export async function expectResponse<Body = any>(response: Response, status: number): Promise<Body> {
  const text = await response.text();
  expect(`${response.status} ${text}`).toStartWith(`${status} `);
  return (text === "" ? undefined : JSON.parse(text)) as Body;
}
