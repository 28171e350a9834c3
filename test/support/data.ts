import type { Fact, SourceResult } from '../../backend/data/types';
import { loginForSession, type LoginOptions } from './login';

/** Helpers for the data sources' integration tests: GET /api/data, and reading facts out of it. */

export async function getData(backendUrl: string, session: string | undefined, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  else if (session !== undefined) headers.authorization = `Bearer ${session}`;
  return fetch(new URL('/api/data', backendUrl), { headers });
}

/** Logs in (scripted), then reads /api/data: the sources by id, and the session. */
export async function loginAndData(backendUrl: string, options: LoginOptions = {}): Promise<{ session: string; sources: Record<string, SourceResult> }> {
  const { session } = await loginForSession(backendUrl, options);
  const response = await getData(backendUrl, session);
  if (response.status !== 200) throw new Error(`/api/data answered ${response.status}`);
  const body = (await response.json()) as { sources: SourceResult[] };
  return { session, sources: Object.fromEntries(body.sources.map((s) => [s.id, s])) };
}

export function facts(result: SourceResult | undefined): Fact[] {
  return result?.data?.sections.flatMap((s) => s.facts) ?? [];
}

/** The value of a fact of a source, by key. */
export function factValue(result: SourceResult | undefined, key: string): Fact['value'] | undefined {
  return facts(result).find((f) => f.key === key)?.value;
}

/** The facts a form could be filled with: fillKey → value. */
export function fillable(result: SourceResult | undefined): Record<string, Fact['value']> {
  return Object.fromEntries(facts(result).filter((f) => f.fillKey).map((f) => [f.fillKey, f.value]));
}

export function statuses(sources: Record<string, SourceResult>): Record<string, string> {
  return Object.fromEntries(Object.values(sources).map((s) => [s.id, s.status]));
}
