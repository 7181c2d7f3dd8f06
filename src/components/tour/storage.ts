/** The browser's storage for the tour's progress, or null where it is refused (the tour then remembers nothing). */
export function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
