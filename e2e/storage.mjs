// Clearing the app's saved work between tests. The app saves its work after every render, so clearing
// `localStorage` from a page where the app is still starting races with it: the app can write the
// previous test's work back between the clear and the reload (it did, in some CI runs, and a test then
// built the previous test's Dockerfile). The clear therefore runs on a page of the same origin that
// does not load the app (the static server answers 404), so no app code runs between clear and load.

export async function clearStorage(page, appUrl) {
  await page.goto(new URL('e2e-storage-reset', appUrl).href);
  await page.evaluate(() => localStorage.clear());
}
