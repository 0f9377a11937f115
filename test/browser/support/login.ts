// Signing in through the login form, as a person would, and calling the API with that session.
import type { APIResponse, Page } from 'playwright-core';

/** Fills the login form and waits until the app has left the login page. */
export async function loginViaUi(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(new URL('/login', base).toString());
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Calls the API with the page's session cookie, and the CSRF header on writes (as the UI does). */
export async function sessionRequest(
  page: Page,
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<APIResponse> {
  const csrf = (await page.context().cookies(base)).find((c) => c.name === 'fl_csrf')?.value ?? '';
  return page.request.fetch(new URL(path, base).toString(), {
    method,
    headers: {
      ...(method === 'GET' ? {} : { 'x-csrftoken': csrf }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { data: JSON.stringify(body) }),
  });
}
