/**
 * The console's calls to /api/staff/*, with the token from sessionStorage. An error answer
 * becomes an ApiProblem carrying the API's plain-Chinese message and field messages.
 */
import type { StaffRole } from '../domain/staff-roles.ts';

export const TOKEN_KEY = 'tonghu.staff.token';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/staff${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token() ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json()) as T & { error?: { message: string; fields: Record<string, string> } };
  if (!res.ok || data.error) throw new ApiProblem(res.status, data.error?.message ?? '出错了，请稍后再试。', data.error?.fields ?? {});
  return data;
}

export interface Me {
  id: number;
  name: string;
  role: StaffRole;
  townships: string[];
}
